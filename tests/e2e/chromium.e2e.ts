/**
 * End to end in Chromium, on the built dist/chrome: everything a reader does, including
 * the popup and the Markdown download (which Firefox's puppeteer cannot reach; see
 * firefox.e2e.ts for what is covered there).
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slug } from '../../src/shared/slug';
import { type Launched, launchChromium } from '../support/browsers';
import { blockquotes, captureDownloads, waitForFile } from '../support/downloads';
import { FIXTURES } from '../support/fixtures';
import { drawnQuotes, fold, selectUntilToolbar, clickHighlight, waitForDrawn } from '../support/reader';
import { type FixtureServer, startServer } from '../../scripts/fixture-server.mjs';
import { highlightSurvivesReload, lateArticle, orphanFoundAgain, singlePageApp } from '../support/scenarios';

let server: FixtureServer;
let launched: Launched;

beforeAll(async () => {
  server = await startServer();
  launched = await launchChromium();
});

afterAll(async () => {
  await launched?.browser.close();
  await server?.close();
});

describe('Chromium: a reader highlights, reloads, reviews and exports', () => {
  for (const fixture of FIXTURES) {
    it(`on ${fixture.name}: the highlight is drawn, comes back after reload, is listed in the popup and exported verbatim`, async () => {
      const url = `${server.origin}${fixture.path}`;
      const { page, quote } = await highlightSurvivesReload(launched, url, fixture.passage);
      const title = await page.title();

      const popup = await launched.browser.newPage();
      await popup.goto(`${launched.extensionOrigin}popup.html?url=${encodeURIComponent(url)}`);
      await popup.waitForSelector('.highlights .quote');
      const listed = await popup.$$eval('.highlights .quote', (els) => els.map((el) => el.textContent ?? ''));
      expect(listed.map(fold)).toEqual([fold(quote)]);

      const dir = await captureDownloads(popup);
      await popup.locator('::-p-aria(Export Markdown)').click();
      const markdown = await waitForFile(dir, `${slug(title)}.md`);
      expect(markdown).toContain(url);
      if (title.trim()) expect(markdown).toContain(title.trim());
      expect(blockquotes(markdown).map(fold)).toEqual([fold(quote)]);
      await popup.close();
      await page.close();
    });
  }

  it('an article inserted 1.5 s after load gets its highlight back', async () => {
    await lateArticle(launched, `${server.origin}/late/essay.html`, 'article p');
  });

  it('a highlight whose paragraph was removed is listed as not found, and comes back (also in the open popup) when the paragraph does', async () => {
    const url = `${server.origin}/app/changing.html`;
    let popup: Page | undefined;
    await orphanFoundAgain(launched, url, async (_page, quote) => {
      popup = await launched.browser.newPage();
      await popup.goto(`${launched.extensionOrigin}popup.html?url=${encodeURIComponent(url)}`);
      await popup.waitForSelector('::-p-aria(Not found on this page)');
      const missing = await popup.$$eval('[aria-label="Not found on this page"] .quote', (els) => els.map((e) => e.textContent ?? ''));
      expect(missing.map(fold)).toEqual([fold(quote)]);
      expect(await popup.$('[aria-label="Highlights"]')).toBeNull();
    });
    // The page found it again: the open popup moves it back among the highlights.
    await popup!.waitForSelector('[aria-label="Highlights"] .quote');
    expect(await popup!.$('[aria-label="Not found on this page"]')).toBeNull();
    await popup!.close();
  });

  it('in a single-page app, highlights follow the URL through pushState, Back and Forward', async () => {
    await singlePageApp(launched, server.origin);
  });

  it('two highlights on one page are listed in reading order, not in the order they were made', async () => {
    const url = `${server.origin}/essay.html?order=1`;
    const page = await launched.browser.newPage();
    await page.goto(url);
    const later = await selectUntilToolbar(page, 'article p:nth-of-type(6)');
    await clickHighlight(page, 'chromium');
    await waitForDrawn(page, later);
    const earlier = await selectUntilToolbar(page, 'article p:nth-of-type(2)');
    await clickHighlight(page, 'chromium');
    await waitForDrawn(page, earlier);
    expect(await drawnQuotes(page)).toEqual([fold(earlier), fold(later)]);

    const popup = await launched.browser.newPage();
    await popup.goto(`${launched.extensionOrigin}popup.html?url=${encodeURIComponent(url)}`);
    await popup.waitForFunction(() => document.querySelectorAll('.highlights .quote').length === 2);
    const listed = await popup.$$eval('.highlights .quote', (els) => els.map((el) => el.textContent ?? ''));
    expect(listed.map(fold)).toEqual([fold(earlier), fold(later)]);
    await popup.close();
    await page.close();
  });
});
