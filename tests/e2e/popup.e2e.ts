/**
 * The popup, end to end in Chromium on the built dist/chrome, as a page (popup.html?url=
 * and ?view=library, which is also what "Open in tab" shows). Firefox renders the same
 * code on a test page (firefox.e2e.ts), since puppeteer cannot open moz-extension:// pages.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browsers';
import { accessibilityProblems, openPopup, sampleLibrary, searchAndFilter, seed } from '../support/popup';
import {
  clickHighlight,
  dragSelect,
  drawnQuotes,
  fold,
  selectUntilToolbar,
  waitForDrawn,
  waitForDrawnInView,
} from '../support/reader';
import { reloadUntilDrawn, waitForNothingDrawn } from '../support/scenarios';
import { useBrowser } from '../support/suite';
import { waitForColor } from '../support/toolbar';
import { screenshot } from '../support/toolbar-scenarios';

const suite = useBrowser(launchChromium);

/** A page with one stored highlight, in its own tab. */
async function pageWithHighlight(
  tag: string,
  passage = 'article p:nth-of-type(2)',
): Promise<{ page: Page; url: string; quote: string }> {
  const url = `${suite.server().origin}/essay.html?${tag}`;
  const page = await suite.launched().browser.newPage();
  await page.goto(url);
  const quote = await selectUntilToolbar(page, passage, 8);
  await clickHighlight(page, 'chromium');
  await reloadUntilDrawn(page, quote);
  return { page, url, quote };
}

const noteField = (popup: Page) => popup.waitForSelector('.highlights textarea[aria-label="Note"]');

describe('Chromium: the popup', () => {
  it('a note typed in the popup is kept when the popup is closed right away', async () => {
    const { page, url } = await pageWithHighlight('popup-note');
    const popup = await openPopup(suite.launched(), url);
    await (await noteField(popup))!.click();
    await popup.keyboard.type('Written, then the popup closed at once');
    await popup.close();

    const again = await openPopup(suite.launched(), url);
    const field = await noteField(again);
    await again.waitForFunction((el) => (el as HTMLTextAreaElement).value !== '', {}, field);
    expect(await field!.evaluate((el) => (el as HTMLTextAreaElement).value)).toBe(
      'Written, then the popup closed at once',
    );
    await again.close();
    await page.close();
  });

  it('tags are added and removed, and offered as suggestions on other highlights', async () => {
    const { page, url } = await pageWithHighlight('popup-tags');
    const popup = await openPopup(suite.launched(), url);
    const input = await popup.waitForSelector('.highlights input[aria-label="Add tag"]');
    await input!.type('reading list');
    await popup.keyboard.press('Enter');
    await input!.type('history');
    await popup.keyboard.press('Enter');
    await popup.waitForSelector('::-p-aria(Remove tag history)');
    await popup.locator('::-p-aria(Remove tag history)').click();
    await popup.waitForFunction(() => !document.querySelector('[aria-label="Remove tag history"]'));
    await popup.close();

    const again = await openPopup(suite.launched(), url);
    await again.waitForSelector('.tag');
    expect(await again.$$eval('.tag', (tags) => tags.map((t) => t.textContent?.replace('×', '')))).toEqual([
      '#reading-list',
    ]);
    expect(
      await again.$$eval('datalist option', (options) => options.map((o) => (o as HTMLOptionElement).value)),
    ).not.toContain('reading-list');
    await again.close();

    // On another page's highlight, the tag is suggested.
    const other = await pageWithHighlight('popup-tags-2');
    const popup2 = await openPopup(suite.launched(), other.url);
    await popup2.waitForSelector('.highlights input[aria-label="Add tag"]');
    await popup2.waitForFunction(() =>
      [...document.querySelectorAll('datalist option')].some((o) => (o as HTMLOptionElement).value === 'reading-list'),
    );
    await popup2.close();
    await other.page.close();
    await page.close();
  });

  it('colour, delete and undo in the popup show in the page at once, and the page’s new highlights show in the open popup', async () => {
    const { page, url, quote } = await pageWithHighlight('popup-live');
    const popup = await openPopup(suite.launched(), url);
    await popup.waitForSelector('.highlights .quote');
    await popup.setViewport({ width: 400, height: 600 });
    await screenshot(popup, 'chromium-page-view');
    await popup.locator('::-p-aria([name="Blue"][role="radio"])').click();
    await waitForColor(page, quote, 'marginalia-blue');

    await popup.locator('::-p-aria([name="Delete"][role="button"])').click();
    await waitForNothingDrawn(page);
    await popup.locator('::-p-aria([name="Undo"][role="button"])').click();
    await waitForColor(page, quote, 'marginalia-blue');

    await page.bringToFront();
    const second = await selectUntilToolbar(page, 'article p:nth-of-type(5)', 6);
    await clickHighlight(page, 'chromium');
    await waitForDrawn(page, second);
    await popup.bringToFront();
    await popup.waitForFunction(() => document.querySelectorAll('.highlights .highlight').length === 2);
    const listed = await popup.$$eval('.highlights .quote', (els) => els.map((el) => el.textContent ?? ''));
    expect(listed.map(fold)).toEqual([fold(quote), fold(second)]);
    await popup.close();
    await page.close();
  });

  it('Jump to scrolls the page to the passage and flashes it', async () => {
    const { page, url, quote } = await pageWithHighlight('popup-jump', 'article p:nth-of-type(14)');
    await page.evaluate(() => window.scrollTo(0, 0));
    const popup = await openPopup(suite.launched(), url);
    await popup.locator('::-p-aria([name="Jump to"][role="button"])').click();
    await page.waitForFunction(() => CSS.highlights.has('marginalia-flash'), { timeout: 10_000 });
    await waitForDrawnInView(page, quote);
    await popup.close();
    await page.close();
  });

  it('an orphan is re-attached to what the reader selects on the page', async () => {
    const url = `${suite.server().origin}/app/changing.html?reattach`;
    const page = await suite.launched().browser.newPage();
    await page.goto(url);
    await page.evaluate(() => localStorage.removeItem('remove-paragraph'));
    await page.reload();
    const lost = await selectUntilToolbar(page, '#changing', 8);
    await clickHighlight(page, 'chromium');
    await reloadUntilDrawn(page, lost);
    await page.evaluate(() => localStorage.setItem('remove-paragraph', 'yes'));
    await page.reload();
    await page.waitForFunction(() => !document.getElementById('changing'));

    const popup = await openPopup(suite.launched(), url);
    await popup.waitForSelector('::-p-aria(Not found on this page)');
    await page.bringToFront();
    const chosen = await dragSelect(page, 'article p:nth-of-type(2)', 6);
    // Two tabs of one window stand in for the page and its popup: bring the popup forward.
    await popup.bringToFront();
    await popup.locator('::-p-aria([name="Re-attach to selection"][role="button"])').click();
    await waitForDrawn(page, chosen);
    expect(await drawnQuotes(page)).toEqual([fold(chosen)]);
    await popup.waitForFunction(() => !document.querySelector('[aria-label="Not found on this page"]'));
    expect(
      (await popup.$$eval('.highlights .quote', (els) => els.map((el) => el.textContent ?? ''))).map(fold),
    ).toEqual([fold(chosen)]);
    await page.evaluate(() => localStorage.removeItem('remove-paragraph'));
    await popup.close();
    await page.close();
  });

  it('the library finds a note by two words, ignoring accents and case, and filters by colour and tag', async () => {
    const library = await openPopup(suite.launched(), undefined, 'library');
    await seed(library, sampleLibrary(suite.server().origin));
    await library.reload();
    await library.waitForSelector('::-p-aria(Pages)');
    expect(await library.$$eval('.page-title', (els) => els.map((e) => e.textContent))).toEqual(
      expect.arrayContaining(['Café culture in Vienna', 'Bees deciding', 'Lighthouse keepers']),
    );

    await searchAndFilter(library);
    await library.setViewport({ width: 400, height: 600 });
    await library.select('select[aria-label="Tag filter"]', '');
    await library.click('input[type="search"]', { count: 3 });
    await library.keyboard.type('history');
    await library.waitForFunction(() => document.querySelectorAll('.results li').length === 3);
    await screenshot(library, 'chromium-library');
    await library.close();
  });

  it('works with the keyboard alone: tabs switch with the arrow keys, a note is reached with Tab and saved', async () => {
    const { page, url } = await pageWithHighlight('popup-keyboard');
    const popup = await openPopup(suite.launched(), url);
    await noteField(popup);
    for (let i = 0; i < 30; i++) {
      await popup.keyboard.press('Tab');
      const label = await popup.evaluate(() => document.activeElement?.getAttribute('aria-label'));
      if (label === 'Note') break;
    }
    expect(await popup.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Note');
    await popup.keyboard.type('Typed without a mouse');
    await popup.keyboard.press('Tab');

    // Back to the tabs: Shift+Tab until "This page", then the right arrow opens the library.
    for (let i = 0; i < 30; i++) {
      await popup.keyboard.down('Shift');
      await popup.keyboard.press('Tab');
      await popup.keyboard.up('Shift');
      if (await popup.evaluate(() => document.activeElement?.getAttribute('role') === 'tab')) break;
    }
    await popup.keyboard.press('ArrowRight');
    await popup.waitForSelector('::-p-aria([name="Search"][role="searchbox"])');
    await popup.close();

    const again = await openPopup(suite.launched(), url);
    const field = await noteField(again);
    await again.waitForFunction((el) => (el as HTMLTextAreaElement).value === 'Typed without a mouse', {}, field);
    await again.close();
    await page.close();
  });

  it('has no serious or critical accessibility problems (axe-core), in the page view and the library', async () => {
    const { page, url } = await pageWithHighlight('popup-axe');
    const popup = await openPopup(suite.launched(), url);
    await popup.waitForSelector('.highlights .quote');
    expect(await accessibilityProblems(popup)).toEqual([]);
    await popup.goto(`${suite.launched().extensionOrigin}popup.html?view=library`);
    await popup.waitForSelector('::-p-aria(Pages)');
    expect(await accessibilityProblems(popup)).toEqual([]);
    await popup.close();
    await page.close();
  });
});
