import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';
import type { Launched } from './browsers';
import { clickHighlight, drawnQuotes, fold, selectUntilToolbar, waitForDrawn } from './reader';

/**
 * Reloads until `quote` is drawn. The save is a message to the background that the page
 * does not wait for; a reader who reloads a moment later sees it back, and so must we.
 */
async function reloadUntilDrawn(page: Page, quote: string): Promise<void> {
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
