import { describe, expect, it } from 'vitest';
import {
  type AnnotationBody,
  CONFLICT_MARK,
  type DeletedBody,
  mergeBodies,
  mergeLocal,
} from '../../src/background/sync/merge';
import { noteHash } from '../../src/background/sync/note-hash';
import { makeAnnotation } from './make-annotation';

const T0 = '2026-01-01T10:00:00.000Z';
const T1 = '2026-01-01T11:00:00.000Z';
const T2 = '2026-01-01T12:00:00.000Z';

function body(
  note: string,
  times: Partial<AnnotationBody['times']>,
  extra: Partial<AnnotationBody['annotation']> = {},
  base = '',
): AnnotationBody {
  return {
    kind: 'annotation',
    annotation: makeAnnotation({ note, ...extra }),
    title: 'T',
    times: { note: T0, color: T0, tags: T0, target: T0, review: T0, ...times },
    noteBase: noteHash(base),
  };
}
const deleted = (at: string): DeletedBody => ({ kind: 'deleted', key: `a:${makeAnnotation().id}`, deletedAt: at });

describe('the conflict rule', () => {
  it('per field the newer edit wins, and the result does not depend on the order', () => {
    const a = body('from A', { note: T1, color: T2 }, { color: 'green' }, 'start');
    const b = body('from B', { note: T2, tags: T1 }, { tags: ['b'] }, 'start');
    const ab = mergeBodies([a, b]) as AnnotationBody;
    expect(mergeBodies([b, a])).toEqual(ab);
    expect(ab.annotation.color).toBe('green');
    expect(ab.annotation.tags).toEqual(['b']);
    expect(ab.annotation.note).toBe(`from B\n\n${CONFLICT_MARK} (edited ${T1}) ---\nfrom A`);
    // Settling again (both devices wrote the same result) adds nothing.
    expect(mergeBodies([ab, structuredClone(ab)])).toEqual(ab);
  });

  it('an older version of the same note is superseded, not kept as a conflicted copy', () => {
    const older = body('first draft', { note: T1 });
    const newer = body('rewritten entirely', { note: T2 }, {}, 'first draft');
    expect((mergeBodies([older, newer]) as AnnotationBody).annotation.note).toBe('rewritten entirely');
  });

  it('an edit newer than the delete brings the annotation back; otherwise the delete wins', () => {
    expect(mergeBodies([body('x', { note: T2 }), deleted(T1)])).toMatchObject({ kind: 'annotation' });
    expect(mergeBodies([body('x', { note: T1 }), deleted(T2)])).toMatchObject({ kind: 'deleted' });
    expect(mergeBodies([deleted(T1), body('x', { note: T1 })])).toMatchObject({ kind: 'deleted' });
  });

  it('a local change merges only the fields changed here; the replica keeps the others', () => {
    const replica = body('remote note', { note: T2, color: T2 }, { color: 'blue' });
    const local = { annotation: makeAnnotation({ note: 'remote note', color: 'pink', updatedAt: T1 }), title: 'T' };
    const merged = mergeLocal(replica, local, { key: `a:${local.annotation.id}`, fields: { color: T1 } }, T2);
    // The local colour change is older than the remote one: the remote wins.
    expect(merged).toMatchObject({ kind: 'annotation', annotation: { color: 'blue', note: 'remote note' } });
    const later = mergeLocal(
      replica,
      local,
      { key: `a:${local.annotation.id}`, fields: { color: '2026-01-02T00:00:00.000Z' } },
      T2,
    );
    expect(later).toMatchObject({ annotation: { color: 'pink', note: 'remote note' } });
  });
});
