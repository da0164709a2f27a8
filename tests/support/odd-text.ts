/**
 * Odd text (joined emoji, right-to-left, CJK, combining marks, a lone surrogate, NUL, CRLF)
 * highlighted by the reader on tests/fixtures/app/odd-text.html: the same scenario in
 * Chromium (odd-text.e2e.ts) and Firefox (reliability-firefox.e2e.ts).
 */
import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';
import type { Launched } from './browsers';
import { clickHighlight, selectPhrase } from './reader';

/** Each a phrase the reader selects, in the fixture's element, from a plain letter to a plain letter. */
export const ODD_TEXT: [selector: string, phrase: string][] = [
  ['#emoji', 'family 👩‍👩‍👧‍👦 and a rainbow flag 🏳️‍🌈 and a thumbs up 👍🏽 walked'],
  ['#rtl', 'עולם, זה משפט'],
  ['#cjk', '仮名とカタカナと한국어'],
  ['#combining', 'cafe\u0301 served Z\u0324\u0354\u0367algo text and n\u0303andu'],
  ['#control', 'nul\u0000here lone\uD800mark\r\nnext'],
];

/** A string's UTF-16 code units, as numbers: nothing on the way (serialization, folding) can make two texts look alike. */
export const units = (text: string): number[] => [...Array(text.length).keys()].map((i) => text.charCodeAt(i));

/** The UTF-16 code units of every range we draw, in document order. */
export async function drawnUnits(page: Page): Promise<number[][]> {
  return page.evaluate(() => {
    const ranges: Range[] = [];
    for (const [name, highlight] of CSS.highlights) {
      // marginalia-note marks passages that have a note: a decoration, not another highlight.
      if (!name.startsWith('marginalia') || name === 'marginalia-note') continue;
      for (const range of highlight) if (range instanceof Range) ranges.push(range);
    }
    ranges.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
    return ranges.map((range) => {
      const text = range.toString();
      return [...Array(text.length).keys()].map((i) => text.charCodeAt(i));
    });
  });
}

/** Waits until exactly `count` ranges of ours are drawn. */
export async function waitForRanges(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (count) => {
      let n = 0;
      for (const [name, highlight] of CSS.highlights) {
        if (name.startsWith('marginalia') && name !== 'marginalia-note') n += highlight.size;
      }
      return n === count;
    },
    { timeout: 15_000, polling: 100 },
    count,
  );
}

/**
 * The reader selects each odd phrase with the mouse and clicks Highlight: each is drawn on
 * exactly its code units. Returns the page, still open.
 */
export async function highlightOddText(launched: Launched, url: string): Promise<Page> {
  const page = await launched.browser.newPage();
  await page.goto(url);
  for (const [i, [selector, phrase]] of ODD_TEXT.entries()) {
    await selectPhrase(page, selector, phrase);
    // The selected range's own text (Firefox's Selection.toString writes CRLF as two line breaks).
    const selected = await page.evaluate(() => {
      const text = document.getSelection()!.getRangeAt(0).toString();
      return [...Array(text.length).keys()].map((i) => text.charCodeAt(i));
    });
    expect(selected).toEqual(units(phrase));
    await clickHighlight(page, launched.name);
    await waitForRanges(page, i + 1);
  }
  expect(await drawnUnits(page)).toEqual(ODD_TEXT.map(([, phrase]) => units(phrase)));
  return page;
}

/** After reload every odd phrase is drawn again, on exactly its code units. */
export async function oddTextDrawnAfterReload(page: Page): Promise<void> {
  await page.reload();
  await waitForRanges(page, ODD_TEXT.length);
  expect(await drawnUnits(page)).toEqual(ODD_TEXT.map(([, phrase]) => units(phrase)));
}
