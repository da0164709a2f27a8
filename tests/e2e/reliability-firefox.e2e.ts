/**
 * Issue 7 in Firefox ESR, on the built dist/firefox: the reliability rows that are the
 * browser's own behaviour and that puppeteer can drive there.
 *
 * - Forged window.postMessage traffic stores nothing.
 * - Odd text (joined emoji, right-to-left, CJK, combining marks, a lone surrogate, NUL, CRLF)
 *   highlighted by the reader goes through Firefox's messaging and IndexedDB and is drawn
 *   on exactly its characters after reload. Anchoring tolerates small differences (the
 *   stored position first, then approximate matching), so this shows the drawing, not that
 *   every stored code unit is intact: that is checked in Chromium (odd-text.e2e.ts runs
 *   this same scenario, tests/support/odd-text.ts, and reads back what is stored;
 *   reliability.e2e.ts) and in the unit tests, since nothing stored can be read back
 *   directly in Firefox.
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
import { describe, expect, it } from 'vitest';
import { launchFirefox } from '../support/browsers';
import { englishMessage } from '../support/english';
import { postForgedMessages } from '../support/forgery';
import { highlightOddText, oddTextDrawnAfterReload } from '../support/odd-text';
import {
  clickHighlight,
  drawnQuotes,
  extendSelectionToEnd,
  fold,
  selectUntilToolbar,
  waitForDrawn,
} from '../support/reader';
import { useBrowser } from '../support/suite';
import { waitForToolbarMessage } from '../support/toolbar';

/** A message of ours with a part the browser words (`\u0001` in `message`) matched by anything. */
function withAnyReason(message: string): RegExp {
  const escaped = message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(escaped.replace('\u0001', '.+'));
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
    const page = await highlightOddText(suite.launched(), `${suite.server().origin}/app/odd-text.html`);
    await oddTextDrawnAfterReload(page);
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
