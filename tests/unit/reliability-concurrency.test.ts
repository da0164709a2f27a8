/**
 * Issue 7, load: five tabs each save 200 highlights at the same time while the popup edits
 * notes; saves are retried (same id) and some arrive late, after a newer edit. A model
 * (for each id, the version with the latest updatedAt) says what must be stored; fast-check
 * chooses the pages, the retries, the edits, the late deliveries and the interleaving.
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', () => import('./seam-mock'));

import { handlers } from '../../src/background/handlers';
import type { Sender } from '../../src/shared/browser';
import { dispatch } from '../../src/shared/messages';
import type { Annotation, PageRecord } from '../../src/shared/types';
import { deleteDatabase } from './fresh-database';
import { makeAnnotation } from './make-annotation';

const TABS = 5;
const PER_TAB = 200;
const PAGES_PER_TAB = 10;
const popup: Sender = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };
const siteOf = (tab: number) => `https://site-${tab}.example`;
const tabSender = (tab: number): Sender => ({ id: 'ext-id', url: `${siteOf(tab)}/`, tab: { id: 100 + tab } });
const at = (ms: number) => new Date(Date.UTC(2025, 0, 1) + ms).toISOString();

/** What one annotation goes through: on which page, how often the tab retries, the popup's edits, which copy arrives late. */
interface Story {
  page: number;
  retries: number;
  edits: number;
  /** Index into the versions (0 = the tab's own save) re-delivered after everything else of it; -1 for none. */
  late: number;
}

const story: fc.Arbitrary<Story> = fc
  .record({
    page: fc.nat(PAGES_PER_TAB - 1),
    retries: fc.nat(2),
    edits: fc.oneof(fc.constant(0), fc.nat(3)),
    late: fc.nat(3),
  })
  .map((s) => ({ ...s, late: s.edits > 0 && s.late <= s.edits ? s.late - 1 : -1 }));

interface Op {
  sender: Sender;
  annotation: Annotation;
  /** Launch order: fast-check's interleaving. */
  priority: number;
  /** Late copies go last whatever their priority. */
  late: boolean;
}

function plan(stories: Story[][], priorities: number[]): { ops: Op[]; expected: Map<string, Annotation> } {
  const ops: Op[] = [];
  const expected = new Map<string, Annotation>();
  let p = 0;
  const next = () => priorities[p++ % priorities.length]!;
  stories.forEach((tabStories, tab) => {
    tabStories.forEach((s, i) => {
      const id = `tab${tab}-note-${String(i).padStart(4, '0')}`;
      const url = `${siteOf(tab)}/page-${s.page}`;
      const original = makeAnnotation({
        id,
        url,
        quote: `passage ${i} of tab ${tab}`,
        start: i * 10,
        createdAt: at(i),
        updatedAt: at(i),
      });
      const versions = [original];
      for (let e = 1; e <= s.edits; e++) {
        versions.push({
          ...original,
          note: `edit ${e} of ${id}`,
          tags: [`edit-${e}`],
          updatedAt: at(3_600_000 + i * 10 + e),
        });
      }
      for (let r = 0; r <= s.retries; r++)
        ops.push({ sender: tabSender(tab), annotation: original, priority: next(), late: false });
      for (const version of versions.slice(1))
        ops.push({ sender: popup, annotation: version, priority: next(), late: false });
      if (s.late >= 0) {
        ops.push({
          sender: s.late === 0 ? tabSender(tab) : popup,
          annotation: versions[s.late]!,
          priority: next(),
          late: true,
        });
      }
      expected.set(id, versions[versions.length - 1]!);
    });
  });
  ops.sort((a, b) => Number(a.late) - Number(b.late) || a.priority - b.priority);
  return { ops, expected };
}

/** Runs the ops with at most `window` in flight: each one answered lets the next one start. */
async function run(ops: Op[], window: number): Promise<unknown[]> {
  const failures: unknown[] = [];
  let next = 0;
  const worker = async () => {
    while (next < ops.length) {
      const { sender, annotation } = ops[next++]!;
      const reply = await dispatch(
        handlers,
        { marginalia: 1, name: 'annotations/save', req: { annotation, title: 'T' } },
        sender,
      );
      if (!reply.ok) failures.push(reply);
    }
  };
  await Promise.all(Array.from({ length: window }, worker));
  return failures;
}

describe('five tabs writing at once while the popup edits notes', () => {
  it('exactly 1,000 stored, none duplicated, none lost, every note the newest edit, every page count right', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(story, { minLength: PER_TAB, maxLength: PER_TAB }), { minLength: TABS, maxLength: TABS }),
        fc.array(fc.nat(1_000_000), { minLength: 64, maxLength: 64 }),
        fc.integer({ min: 1, max: 64 }),
        async (stories, priorities, window) => {
          await deleteDatabase();
          const { ops, expected } = plan(stories, priorities);
          expect(await run(ops, window)).toEqual([]);

          const reply = await dispatch(handlers, { marginalia: 1, name: 'library/everything', req: {} }, popup);
          if (!reply.ok) throw new Error(JSON.stringify(reply));
          const { annotations, pages } = reply.value as { annotations: Annotation[]; pages: PageRecord[] };
          expect(annotations).toHaveLength(TABS * PER_TAB);
          expect(new Set(annotations.map((a) => a.id)).size).toBe(TABS * PER_TAB);
          const stored = new Map(annotations.map((a) => [a.id, a]));
          for (const [id, newest] of expected) expect(stored.get(id)).toEqual(newest);

          const counts = new Map<string, number>();
          for (const a of annotations) counts.set(a.url, (counts.get(a.url) ?? 0) + 1);
          expect(new Map(pages.map((p) => [p.url, p.count]))).toEqual(counts);
        },
      ),
      { numRuns: 12, endOnFailure: true },
    );
    await deleteDatabase();
  }, 60_000);
});
