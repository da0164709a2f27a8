import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';
import type { Launched } from './browsers';
import { clickHighlight, drawnQuotes, fold, selectUntilToolbar, waitForDrawn } from './reader';

/**
 * Reloads until `quote` is drawn. The save is a message to the background that the page
 * does not wait for; a reader who reloads a moment later sees it back, and so must we.
 */
export async function reloadUntilDrawn(page: Page, quote: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.reload();
    try {
      await waitForDrawn(page, quote, attempt < 3 ? 3_000 : 10_000);
      return;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

/** Select with the mouse, click Highlight, see it drawn, reload, see it drawn again. */
export async function highlightSurvivesReload(
  launched: Launched,
  url: string,
  passage: string,
): Promise<{ page: Page; quote: string }> {
  const page = await launched.browser.newPage();
  await page.goto(url);
  const quote = await selectUntilToolbar(page, passage);
  await clickHighlight(page, launched.name);
  await waitForDrawn(page, quote);
  expect(await drawnQuotes(page)).toEqual([fold(quote)]);
  // The selection is gone once highlighted, and the toolbar with it.
  expect(await page.evaluate(() => document.getSelection()?.isCollapsed)).toBe(true);

  await reloadUntilDrawn(page, quote);
  expect(await drawnQuotes(page)).toEqual([fold(quote)]);
  return { page, quote };
}

/** The article arrives 1.5 s after load (as in a single-page app): highlight, reload, see it back. */
export async function lateArticle(launched: Launched, url: string, passage: string): Promise<void> {
  const page = await launched.browser.newPage();
  await page.goto(url);
  await page.waitForSelector(passage, { timeout: 10_000 });
  const quote = await selectUntilToolbar(page, passage);
  await clickHighlight(page, launched.name);
  await waitForDrawn(page, quote);

  await page.reload();
  // Right after load the article is not there yet, so nothing can be drawn...
  expect(await page.$(passage)).toBeNull();
  // ...and once it arrives, the highlight is found in it.
  await page.waitForSelector(passage, { timeout: 10_000 });
  await waitForDrawn(page, quote, 10_000);
  expect(await drawnQuotes(page)).toEqual([fold(quote)]);
  await page.close();
}

/** Waits until nothing of ours is drawn on the page. */
export async function waitForNothingDrawn(page: Page): Promise<void> {
  await page.waitForFunction(
    () => [...CSS.highlights].every(([name, highlight]) => !name.startsWith('marginalia') || highlight.size === 0),
    { timeout: 10_000, polling: 100 },
  );
}

/**
 * A highlighted paragraph is removed from the page: after reload nothing is drawn (never
 * on other words); when the page puts the paragraph back, the highlight returns by itself.
 * `whileMissing` runs while the paragraph is gone (Chromium checks the popup there).
 */
export async function orphanFoundAgain(
  launched: Launched,
  url: string,
  whileMissing: (page: Page, quote: string) => Promise<void> = async () => undefined,
): Promise<void> {
  const page = await launched.browser.newPage();
  await page.goto(url);
  await page.evaluate(() => localStorage.removeItem('remove-paragraph'));
  await page.reload();
  const quote = await selectUntilToolbar(page, '#changing');
  await clickHighlight(page, launched.name);
  await waitForDrawn(page, quote);
  await reloadUntilDrawn(page, quote);

  await page.evaluate(() => localStorage.setItem('remove-paragraph', 'yes'));
  await page.reload();
  await page.waitForFunction(() => !document.getElementById('changing'));
  // The rest of the page is there, and nothing is drawn in place of the lost paragraph.
  await page.waitForSelector('#restore');
  expect(await drawnQuotes(page)).toEqual([]);
  await whileMissing(page, quote);

  // The reader goes back to the page's tab (a background tab gets no animation frames).
  await page.bringToFront();
  await page.click('#restore');
  await waitForDrawn(page, quote);
  expect(await drawnQuotes(page)).toEqual([fold(quote)]);
  await page.evaluate(() => localStorage.removeItem('remove-paragraph'));
  await page.close();
}

/**
 * A single-page app changes its URL with pushState and renders another article in place:
 * the highlights follow the URL, away and back again.
 */
export async function singlePageApp(launched: Launched, origin: string): Promise<void> {
  const page = await launched.browser.newPage();
  await page.goto(`${origin}/app/spa.html?article=1`);
  const first = await selectUntilToolbar(page, '#app p:nth-of-type(2)');
  await clickHighlight(page, launched.name);
  await waitForDrawn(page, first);
  await reloadUntilDrawn(page, first);

  await page.click('a[data-article="2"]');
  await page.waitForFunction(() => location.search === '?article=2');
  await waitForNothingDrawn(page);
  const second = await selectUntilToolbar(page, '#app p:nth-of-type(3)');
  await clickHighlight(page, launched.name);
  await waitForDrawn(page, second);
  expect(await drawnQuotes(page)).toEqual([fold(second)]);

  await page.goBack();
  await page.waitForFunction(() => location.search === '?article=1');
  await waitForDrawn(page, first);
  expect(await drawnQuotes(page)).toEqual([fold(first)]);

  await page.goForward();
  await waitForDrawn(page, second);
  expect(await drawnQuotes(page)).toEqual([fold(second)]);
  await page.close();
}
