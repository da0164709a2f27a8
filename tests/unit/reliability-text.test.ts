/**
 * Issue 7, odd text: joined emoji, right-to-left, CJK, combining marks, lone surrogates,
 * NUL, CR/LF in quotes, contexts, notes, tags, titles and page notes are stored and read
 * back exactly, through the message layer and IndexedDB (fake-indexeddb's structured clone).
 */
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', () => import('./seam-mock'));

import { closeDb, DB_NAME } from '../../src/background/db';
import { handlers } from '../../src/background/handlers';
import type { Sender } from '../../src/shared/browser';
import { dispatch } from '../../src/shared/messages';
import type { Annotation, PageRecord } from '../../src/shared/types';
import { makeAnnotation } from './make-annotation';

const A = 'https://a.example/article';
const tab: Sender = { id: 'ext-id', url: A, tab: { id: 3 } };
const popup: Sender = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };
const ask = (sender: Sender, name: string, req: unknown) => dispatch(handlers, { marginalia: 1, name, req }, sender);

afterAll(async () => {
  await closeDb();
  indexedDB.deleteDatabase(DB_NAME);
});

/** Pieces of text that break naive code: each is a case someone has written a bug for. */
const ODD = [
  '👩‍👩‍👧‍👦', // family: four emoji joined by ZWJ
  '🏳️‍🌈', // flag with variation selector and ZWJ
  '👍🏽', // skin tone modifier
  'שלום, עולם', // Hebrew (right to left)
  'مرحبا بالعالم', // Arabic
  '\u202Eevil\u202C', // right-to-left override
  '漢字かなカナ', // CJK
  '한국어', // Hangul
  'e\u0301', // e + combining acute
  'Z̤͔ͧ̑̓', // stacked combining marks
  '\uD800', // lone high surrogate
  '\uDFFF', // lone low surrogate
  '\uDBFF\uDBFF', // two high surrogates
  '\0', // NUL
  '\r\n', // CRLF
  '\r', // lone CR
  '\uFEFF', // byte order mark
  '\u2028\u2029', // line and paragraph separators
  '\u00A0\u200B', // no-break space, zero width space
  '$&$1', // replacement patterns
];

const oddText = fc
  .array(fc.oneof(fc.constantFrom(...ODD), fc.string({ unit: 'binary', maxLength: 6 })), { maxLength: 12 })
  .map((parts) => parts.join(''));
const nonEmpty = (max: number) => oddText.map((t) => (t || '\uD83D').slice(0, max)).filter((t) => t.length > 0);

describe('odd text is stored and read back exactly', () => {
  it('in quote, context, note, tags, title and page note: saved by the page, read by the page, the popup and the export', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        nonEmpty(10_000),
        oddText.map((t) => t.slice(0, 1000)),
        oddText,
        fc.array(nonEmpty(100), { maxLength: 5 }),
        oddText.map((t) => t.slice(0, 2000)),
        oddText,
        async (exact, context, note, tags, title, pageNote) => {
          const id = `odd-text-${String(n++).padStart(6, '0')}`;
          const base = makeAnnotation({ id, url: A, quote: exact, start: 5, note, tags });
          const annotation: Annotation = {
            ...base,
            target: {
              selector: [
                { type: 'TextQuoteSelector', exact, prefix: context, suffix: context },
                base.target.selector[1]!,
              ],
            },
          };
          expect(await ask(tab, 'annotations/save', { annotation, title })).toMatchObject({ ok: true });
          expect(await ask(popup, 'page/note', { url: A, note: pageNote, title })).toMatchObject({ ok: true });

          const listed = (await ask(tab, 'annotations/list', { url: A })) as { value: Annotation[] };
          expect(listed.value.find((a) => a.id === id)).toEqual(annotation);

          const page = (await ask(popup, 'page/get', { url: A })) as {
            value: { page: PageRecord; annotations: Annotation[] };
          };
          expect(page.value.annotations.find((a) => a.id === id)).toEqual(annotation);
          if (title) expect(page.value.page.title).toBe(title);
          expect(page.value.page.note).toBe(pageNote);

          const everything = (await ask(popup, 'library/everything', {})) as { value: { annotations: Annotation[] } };
          expect(everything.value.annotations.find((a) => a.id === id)).toEqual(annotation);

          // Searching for the odd text itself answers, whatever it holds.
          expect(
            await ask(popup, 'library/search', { query: note.slice(0, 500), color: null, tag: null, limit: 10 }),
          ).toMatchObject({ ok: true });
        },
      ),
      { numRuns: 300 },
    );
  }, 60_000);

  it('each odd piece on its own, as a quote and as a note, comes back with the same UTF-16 code units', async () => {
    for (const [i, text] of ODD.entries()) {
      const annotation = makeAnnotation({
        id: `odd-piece-${String(i).padStart(4, '0')}`,
        url: A,
        quote: text,
        note: text,
        tags: [text],
      });
      expect(await ask(tab, 'annotations/save', { annotation, title: text })).toMatchObject({ ok: true });
      const listed = (await ask(tab, 'annotations/list', { url: A })) as { value: Annotation[] };
      const back = listed.value.find((a) => a.id === annotation.id)!;
      const units = (s: string) => [...Array(s.length).keys()].map((k) => s.charCodeAt(k));
      expect(units(back.note)).toEqual(units(text));
      expect(back).toEqual(annotation);
    }
  });
});
