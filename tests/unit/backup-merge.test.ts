import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planMerge } from '../../src/shared/backup';
import type { Annotation } from '../../src/shared/types';
import { makeAnnotation } from './make-annotation';

const at = (updatedAt: string, id = 'a0000000-0000-4000-8000-000000000001', note = '') =>
  makeAnnotation({ id, updatedAt, note });

describe('planMerge: what importing a backup changes', () => {
  it('adds what the library lacks and updates what the file has a newer version of', () => {
    const kept = at('2025-01-01T00:00:00.000Z', 'kept-0000');
    const edited = at('2025-01-01T00:00:00.000Z', 'edited-00');
    const library = new Map([kept, edited].map((a) => [a.id, a]));
    const newer = at('2025-02-01T00:00:00.000Z', 'edited-00', 'edited later');
    const fresh = at('2025-01-15T00:00:00.000Z', 'fresh-000');
    expect(planMerge(library, [kept, newer, fresh])).toEqual({ add: [fresh], update: [newer], unchanged: 1 });
  });

  it('never lets an older backup undo a later edit, and leaves equal times alone', () => {
    const current = at('2025-02-01T00:00:00.000Z', 'same-0000', 'current');
    const older = at('2025-01-01T00:00:00.000Z', 'same-0000', 'old');
    const sameTime = at('2025-02-01T00:00:00Z', 'same-0000', 'different text, same time');
    expect(planMerge((id) => (id === current.id ? current : undefined), [older, sameTime])).toEqual({
      add: [],
      update: [],
      unchanged: 2,
    });
  });

  it('compares times as times: a time with fewer millisecond digits is not newer', () => {
    const library = new Map([['x-0000000', at('2025-01-01T00:00:00.500Z', 'x-0000000')]]);
    expect(planMerge(library, [at('2025-01-01T00:00:00Z', 'x-0000000')]).update).toEqual([]);
    expect(planMerge(library, [at('2025-01-01T00:00:00.6Z', 'x-0000000')]).update).toHaveLength(1);
  });

  it('takes the newest of a record the file holds twice', () => {
    const old = at('2025-01-01T00:00:00.000Z', 'twice-000', 'old');
    const latest = at('2025-03-01T00:00:00.000Z', 'twice-000', 'latest');
    expect(planMerge(new Map(), [latest, old])).toEqual({ add: [latest], update: [], unchanged: 1 });
  });

  it('merges page records by URL when given the key', () => {
    const page = { url: 'https://a.example/', title: 'Old', updatedAt: '2025-01-01T00:00:00.000Z' };
    const renamed = { ...page, title: 'New', updatedAt: '2025-01-02T00:00:00.000Z' };
    expect(planMerge(new Map([[page.url, page]]), [renamed], (p) => p.url)).toEqual({
      add: [],
      update: [renamed],
      unchanged: 0,
    });
  });

  it('changes nothing the second time the same file is imported, whatever the library and the file hold', () => {
    const time = fc.integer({ min: 0, max: 5 }).map((d) => `2025-01-0${d + 1}T00:00:00.000Z`);
    const record = fc.tuple(fc.constantFrom('id-aaaaaa', 'id-bbbbbb', 'id-cccccc'), time).map(([id, t]) => at(t, id));
    fc.assert(
      fc.property(fc.array(record, { maxLength: 4 }), fc.array(record, { maxLength: 6 }), (libraryList, file) => {
        const library = new Map<string, Annotation>();
        for (const a of libraryList) library.set(a.id, a);
        const first = planMerge(library, file);
        for (const a of [...first.add, ...first.update]) library.set(a.id, a);
        expect(planMerge(library, file)).toEqual({ add: [], update: [], unchanged: file.length });
      }),
      { numRuns: 2_000 },
    );
  });
});
