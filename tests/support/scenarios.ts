import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';
import type { Launched } from './browsers';
import { clickHighlight, drawnQuotes, fold, selectPhrase, selectUntilToolbar, waitForDrawn } from './reader';
import { noteRetry } from './retries';

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
      noteRetry(`reload ${page.url()} again: not drawn yet`, attempt, error);
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

/**
 * The author revises the essay between two visits (a paragraph added at the top, one
 * removed further down, a one-letter fix inside a highlight): both highlights come back,
 * on the revised words, and nothing is drawn elsewhere.
 */
export async function revisedPage(launched: Launched, origin: string): Promise<void> {
  const url = `${origin}/essay.html?revised`;
  const page = await launched.browser.newPage();
  await page.deleteCookie({ name: 'marginalia-revised', url: origin });
  await page.goto(url);
  const fixed = await selectPhrase(
    page,
    'article p:nth-of-type(1)',
    'amidst the hum of academic pursuit, that I encountered',
  );
  await clickHighlight(page, launched.name);
  await waitForDrawn(page, fixed);
  const later = await selectPhrase(page, 'article p:nth-of-type(12)', 'Looking ahead, the popularity of vLLM');
  await clickHighlight(page, launched.name);
  await reloadUntilDrawn(page, later);
  await waitForDrawn(page, fixed);

  await page.setCookie({ name: 'marginalia-revised', value: '1', url: origin });
  await page.reload();
  await page.waitForFunction(() => document.body.textContent?.includes('Editor’s note'));
  await waitForDrawn(page, 'amidst the hum of academic persuit, that I encountered');
  await waitForDrawn(page, later);
  expect(await drawnQuotes(page)).toEqual([
    fold('amidst the hum of academic persuit, that I encountered'),
    fold(later),
  ]);
  await page.deleteCookie({ name: 'marginalia-revised', url: origin });
  await page.close();
}

/** A highlight inside another: both drawn, and clicking the inner one acts on it alone. */
export async function nestedHighlights(launched: Launched, origin: string): Promise<void> {
  const page = await launched.browser.newPage();
  await page.goto(`${origin}/essay.html?nested`);
  const outer = await selectPhrase(
    page,
    'article p:nth-of-type(2)',
    'served as a catalyst for change in my research focus',
  );
  await clickHighlight(page, launched.name);
  await waitForDrawn(page, outer);
  const inner = await selectPhrase(page, 'article p:nth-of-type(2)', 'catalyst for change');
  const { pressButton, clickQuote } = await import('./toolbar');
  await pressButton(page, launched.name, 'select', 'Blue');
  await waitForDrawn(page, inner);
  expect(await drawnQuotes(page)).toEqual([fold(outer), fold(inner)]);
  await clickQuote(page, inner);
  await pressButton(page, launched.name, 'edit', 'Delete');
  await page.waitForFunction(() => (CSS.highlights.get('marginalia-blue')?.size ?? 0) === 0);
  expect(await drawnQuotes(page)).toEqual([fold(outer)]);
  await page.close();
}
