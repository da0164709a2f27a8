/**
 * Issue 7 in Firefox ESR, on the built dist/firefox: the reliability rows that are the
 * browser's own behaviour and that puppeteer can drive there.
 *
 * - Forged window.postMessage traffic stores nothing.
 * - Odd text (joined emoji, right-to-left, CJK, combining marks, a lone surrogate, NUL, CRLF)
 *   highlighted by the reader goes through Firefox's messaging and IndexedDB and is drawn
 *   on exactly its characters after reload. Anchoring tolerates small differences (the
 *   stored position first, then approximate matching), so this shows the drawing, not that
 *   every stored code unit is intact: that is checked in Chromium (reliability.e2e.ts) and
 *   in the unit tests, since nothing stored can be read back directly in Firefox.
 * - A selection longer than a passage is refused with the reason in the toolbar.
 * - Storage that fails: Firefox's own switch for failing its storage layer
 *   (`dom.quotaManager.artificialFailure.*`, made for Firefox's tests) makes every
 *   IndexedDB open of the extension fail, and the toolbar says so on load and on a save.
 * - Synthetic (untrusted) events doing nothing: firefox.e2e.ts › "a page that fakes the
 *   reader's events highlights nothing" (shared with Chromium).
 *
 * The toolbar's text is read through WebDriver BiDi, which can serialize our closed shadow
 * root (tests/support/toolbar.ts).
 *
 * What cannot be driven in Firefox, and is covered in Chromium only: the popup as an
 * extension page (puppeteer cannot open moz-extension:// pages, nor see the tabs the
 * extension opens), so its error display; anything run in the background (BiDi does not
 * reach the event page), so the database opened at a newer version, a dropped answer and
 * the save retries; stopping the background in the middle of writes (BiDi lists no realm
 * for Firefox's background page); what is stored, read back directly (here it is read back
 * by reloading the page).
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { launchFirefox } from '../support/browsers';
import { englishMessage } from '../support/english';
import { postForgedMessages } from '../support/forgery';
import {
  clickHighlight,
  drawnQuotes,
  extendSelectionToEnd,
  fold,
  selectPhrase,
  selectUntilToolbar,
  waitForDrawn,
} from '../support/reader';
import { useBrowser } from '../support/suite';
import { waitForToolbarMessage } from '../support/toolbar';

/** Each a phrase the reader selects, in the fixture's element, from a plain letter to a plain letter. */
const ODD_TEXT: [selector: string, phrase: string][] = [
  ['#emoji', 'family 👩‍👩‍👧‍👦 and a rainbow flag 🏳️‍🌈 and a thumbs up 👍🏽 walked'],
  ['#rtl', 'עולם, זה משפט'],
  ['#cjk', '仮名とカタカナと한국어'],
  ['#combining', 'cafe\u0301 served Z\u0324\u0354\u0367algo text and n\u0303andu'],
  ['#control', 'nul\u0000here lone\uD800mark\r\nnext'],
];

/** A message of ours with a part the browser words (`\u0001` in `message`) matched by anything. */
function withAnyReason(message: string): RegExp {
  const escaped = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(escaped.replace('\u0001', '.+'));
}

/**
 * The UTF-16 code units of every range we draw, in document order: compared as numbers so
 * that nothing on the way (serialization, folding) can make two different texts look alike.
 */
async function drawnUnits(page: Page): Promise<number[][]> {
  return page.evaluate(() => {
    const ranges: Range[] = [];
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('marginalia')) continue;
      for (const range of highlight) if (range instanceof Range) ranges.push(range);
    }
    ranges.sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b));
    return ranges.map((range) => {
      const text = range.toString();
      return [...Array(text.length).keys()].map((i) => text.charCodeAt(i));
    });
  });
}

const units = (text: string) => [...Array(text.length).keys()].map((i) => text.charCodeAt(i));

/** Waits until exactly `count` ranges of ours are drawn. */
async function waitForRanges(page: Page, count: number): Promise<void> {
  await page.waitForFunction(
    (count) => {
      let n = 0;
      for (const [name, highlight] of CSS.highlights) if (name.startsWith('marginalia')) n += highlight.size;
      return n === count;
    },
    { timeout: 15_000, polling: 100 },
    count,
  );
}

describe('Firefox: hostile and odd input', () => {
  const suite = useBrowser(() => launchFirefox());

  it('forged window.postMessage traffic from the page stores nothing; the reader’s own highlight is stored', async () => {
    const url = `${suite.server().origin}/app/hostile.html?forged-in-firefox`;
    const page = await suite.launched().browser.newPage();
    await page.goto(url);
    await postForgedMessages(page, url, 'forged-by-the-page-02');

    const quote = await selectUntilToolbar(page, '#honest', 8);
    await clickHighlight(page, 'firefox');
    await waitForDrawn(page, quote);
    // The forged "annotations/changed" drew nothing.
    expect(await drawnQuotes(page)).toEqual([fold(quote)]);

    // What is stored comes back on reload: the reader's highlight, and nothing forged
    // (which would be drawn on "This paragraph").
    await page.reload();
    await waitForDrawn(page, quote);
    expect(await drawnQuotes(page)).toEqual([fold(quote)]);
    await page.close();
  });

  it('odd text (joined emoji, right-to-left, CJK, combining marks, NUL, a lone surrogate, CRLF) highlighted by the reader is drawn on exactly its characters, also after reload', async () => {
    const page = await suite.launched().browser.newPage();
    await page.goto(`${suite.server().origin}/app/odd-text.html`);
    for (const [i, [selector, phrase]] of ODD_TEXT.entries()) {
      await selectPhrase(page, selector, phrase);
      // The selected range's own text (Firefox's Selection.toString writes CRLF as two line breaks).
      const selected = await page.evaluate(() => {
        const text = document.getSelection()!.getRangeAt(0).toString();
        return [...Array(text.length).keys()].map((i) => text.charCodeAt(i));
      });
      expect(selected).toEqual(units(phrase));
      await clickHighlight(page, 'firefox');
      await waitForRanges(page, i + 1);
    }
    const wanted = ODD_TEXT.map(([, phrase]) => units(phrase));
    expect(await drawnUnits(page)).toEqual(wanted);

    await page.reload();
    await waitForRanges(page, ODD_TEXT.length);
    expect(await drawnUnits(page)).toEqual(wanted);
    await page.close();
  });

  it('a selection longer than a passage is refused with the reason in the toolbar; nothing is drawn or stored', async () => {
    const page = await suite.launched().browser.newPage();
    await page.goto(`${suite.server().origin}/app/long.html`);
    await selectUntilToolbar(page, '#book p', 4);
    await extendSelectionToEnd(page);
    const length = await page.evaluate(() => document.getSelection()?.toString().length ?? 0);
    expect(length).toBeGreaterThan(100_000);
    await clickHighlight(page, 'firefox');
    const said = await waitForToolbarMessage(
      page,
      'firefox',
      withAnyReason(englishMessage('couldNotSave', [englishMessage('passageTooLong', ['\u0001', '100,000'])])),
    );
    const counted = Number(said.match(/\(([\d,]+) characters\)/)![1]!.replace(/,/g, ''));
    expect(counted).toBeGreaterThan(100_000);
    expect(await drawnQuotes(page)).toEqual([]);

    // Nothing was stored: after reload only what the reader highlights next is drawn.
    await page.reload();
    const short = await selectUntilToolbar(page, '#book p', 4);
    await clickHighlight(page, 'firefox');
    await waitForDrawn(page, short);
    expect(await drawnQuotes(page)).toEqual([fold(short)]);
    await page.close();
  });
});

describe('Firefox: its storage fails (Firefox’s own artificial storage failures)', () => {
  const suite = useBrowser(() =>
    launchFirefox({
      prefs: {
        // Every category of the quota manager's artificial failures (a bit mask), every
        // time, with NS_ERROR_FAILURE: the extension's IndexedDB cannot be opened.
        'dom.quotaManager.artificialFailure.categories': 0xffff,
        'dom.quotaManager.artificialFailure.probability': 100,
        'dom.quotaManager.artificialFailure.errorCode': 0x80004005 | 0,
      },
    }),
  );
  const cannotOpen = englishMessage('openFailed', ['\u0001']);

  it('a page says in the toolbar that its highlights could not be loaded', async () => {
    const page = await suite.launched().browser.newPage();
    await page.goto(`${suite.server().origin}/essay.html?cannot-load-in-firefox`);
    await waitForToolbarMessage(page, 'firefox', withAnyReason(englishMessage('couldNotLoad', [cannotOpen])));
    expect(await drawnQuotes(page)).toEqual([]);
    await page.close();
  });

  it('a new highlight that cannot be saved is taken back, and the toolbar says why', async () => {
    const page = await suite.launched().browser.newPage();
    await page.goto(`${suite.server().origin}/essay.html?cannot-save-in-firefox`);
    await waitForToolbarMessage(page, 'firefox', withAnyReason(englishMessage('couldNotLoad', [cannotOpen])));
    const quote = await selectUntilToolbar(page, 'article p:nth-of-type(3)', 8);
    await clickHighlight(page, 'firefox');
    await waitForToolbarMessage(page, 'firefox', withAnyReason(englishMessage('couldNotSave', [cannotOpen])));
    await page.waitForFunction(
      () => [...CSS.highlights].every(([name, highlight]) => !name.startsWith('marginalia') || highlight.size === 0),
      { timeout: 10_000, polling: 100 },
    );
    expect(await drawnQuotes(page)).not.toContain(fold(quote));
    await page.close();
  });
});
