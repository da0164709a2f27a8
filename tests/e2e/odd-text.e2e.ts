/**
 * Issue 7, odd text, in Chromium on the built dist/chrome: the reader highlights joined
 * emoji, right-to-left, CJK, combining marks, a lone surrogate, NUL and CRLF on
 * tests/fixtures/app/odd-text.html (the scenario Firefox runs too, tests/support/odd-text.ts).
 * Each is drawn on exactly its characters, also after reload; and here, unlike in Firefox,
 * what is stored is read back (page/get from an extension page) and compared code unit by
 * code unit with what the page has: the quote with the selected text and the drawn range,
 * and quote, prefix, suffix and position with the page's text as our content script reads
 * it (src/anchoring's text index, bundled into the page).
 *
 * Everything crosses CDP as arrays of code units: a lone surrogate in a string would come
 * back as U+FFFD, and the comparison would prove nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../src/shared/types';
import { type AnchoringGlobal, installAnchoring } from '../support/anchoring-in-page';
import { launchChromium } from '../support/browsers';
import { drawnUnits, highlightOddText, ODD_TEXT, oddTextDrawnAfterReload, units } from '../support/odd-text';
import { openPopup } from '../support/popup';
import { useBrowser } from '../support/suite';

const suite = useBrowser(launchChromium);

interface StoredUnits {
  exact: number[];
  prefix: number[];
  suffix: number[];
  start: number;
  end: number;
}

/**
 * Waits (polling storage from an extension page) until `count` highlights are stored for
 * `url`, and returns their quotes as code units, in the page's order.
 */
async function storedQuoteUnits(url: string, count: number): Promise<StoredUnits[]> {
  const control = await openPopup(suite.launched(), undefined, 'library');
  try {
    const handle = await control.waitForFunction(
      async (url, count) => {
        const api = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
        const reply = (await api.runtime.sendMessage({ marginalia: 1, name: 'page/get', req: { url } })) as {
          ok: boolean;
          value?: { annotations: Annotation[] };
        };
        if (!reply.ok || reply.value!.annotations.length !== count) return false;
        const codeUnits = (text: string) => [...Array(text.length).keys()].map((i) => text.charCodeAt(i));
        return reply
          .value!.annotations.map((a) => {
            const quote = a.target.selector.find((s) => s.type === 'TextQuoteSelector')!;
            const position = a.target.selector.find((s) => s.type === 'TextPositionSelector')!;
            return {
              exact: codeUnits(quote.exact),
              prefix: codeUnits(quote.prefix),
              suffix: codeUnits(quote.suffix),
              start: position.start,
              end: position.end,
            };
          })
          .sort((a, b) => a.start - b.start);
      },
      { timeout: 20_000, polling: 200 },
      url,
      count,
    );
    return (await handle.jsonValue()) as StoredUnits[];
  } finally {
    await control.close();
  }
}

describe('Chromium: odd text', () => {
  it('odd text (joined emoji, right-to-left, CJK, combining marks, NUL, a lone surrogate, CRLF) highlighted by the reader is drawn on exactly its characters, stored with exactly the page’s code units, and drawn again after reload', async () => {
    const url = `${suite.server().origin}/app/odd-text.html`;
    const page = await highlightOddText(suite.launched(), url);

    const stored = await storedQuoteUnits(url, ODD_TEXT.length);
    // The quotes are the reader's selections, code unit for code unit...
    expect(stored.map((s) => s.exact)).toEqual(ODD_TEXT.map(([, phrase]) => units(phrase)));
    // ...and the page's own characters where they are drawn.
    expect(stored.map((s) => s.exact)).toEqual(await drawnUnits(page));
    // Quote, context and position are the page's text as the content script reads it.
    await installAnchoring(page);
    const text = await page.evaluate(() => {
      const { text } = (globalThis as unknown as AnchoringGlobal).marginaliaAnchoring.TextIndex.build(document.body);
      return [...Array(text.length).keys()].map((i) => text.charCodeAt(i));
    });
    for (const s of stored) {
      expect(s.exact).toEqual(text.slice(s.start, s.end));
      expect(s.prefix).toEqual(text.slice(s.start - s.prefix.length, s.start));
      expect(s.suffix).toEqual(text.slice(s.end, s.end + s.suffix.length));
      // Context as long as the page has it (32 characters, see CONTEXT_LENGTH).
      expect(s.prefix.length).toBe(Math.min(32, s.start));
      expect(s.suffix.length).toBe(Math.min(32, text.length - s.end));
    }

    await oddTextDrawnAfterReload(page);
    await page.close();
  });
});
