/**
 * End to end in Chromium, on the built dist/chrome: everything a reader does, including
 * the popup and the Markdown download (which Firefox's puppeteer cannot reach; see
 * firefox.e2e.ts for what is covered there).
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { markdownFileName } from '../../src/shared/markdown-file-names';
import { type Launched, launchChromium } from '../support/browsers';
import { blockquotes, captureDownloads, waitForFile } from '../support/downloads';
import { FIXTURES } from '../support/fixtures';
import { drawnQuotes, fold, selectUntilToolbar, clickHighlight, waitForDrawn } from '../support/reader';
import { type FixtureServer, startServer } from '../../scripts/fixture-server.mjs';
import {
  highlightSurvivesReload,
  lateArticle,
  nestedHighlights,
  orphanFoundAgain,
  revisedPage,
  singlePageApp,
} from '../support/scenarios';
import {
  aggressiveCss,
  deleteAndUndo,
  everyColour,
  keyboardOnly,
  notes,
  syntheticEventsDoNothing,
  toolbarScreenshot,
} from '../support/toolbar-scenarios';

let server: FixtureServer;
let launched: Launched;

beforeAll(async () => {
  server = await startServer();
  launched = await launchChromium();
});

afterAll(async () => {
  // Privacy: Marginalia makes no network requests at all.
  expect(launched?.extensionRequests() ?? []).toEqual([]);
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
      const markdown = await waitForFile(dir, markdownFileName({ url, title }));
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

  it('the author revised the page (a paragraph added above, one removed, a letter fixed inside a highlight): every highlight comes back on the right words', async () => {
    await revisedPage(launched, server.origin);
  });

  it('a highlight inside another of another colour: both drawn, and clicking the inner one acts on it alone', async () => {
    await nestedHighlights(launched, server.origin);
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

describe('Chromium: the reading toolbar', () => {
  const essay = (tag: string) => `${server.origin}/essay.html?${tag}`;

  it('each colour button draws in its colour, kept after reload; Highlight then uses the last colour', async () => {
    await everyColour(launched, essay('colours'));
  });

  it('notes: Note then Ctrl+Enter saves, clicking elsewhere saves, Escape cancels; the popup shows them', async () => {
    const url = essay('notes');
    const { page, saved, blurred } = await notes(launched, url);
    const popup = await launched.browser.newPage();
    await popup.goto(`${launched.extensionOrigin}popup.html?url=${encodeURIComponent(url)}`);
    await popup.waitForFunction(() => document.querySelectorAll('.highlights .highlight').length === 2);
    const listed = await popup.$$eval('.highlights .highlight', (items) =>
      items.map((li) => ({
        quote: li.querySelector('.quote')?.textContent ?? '',
        note: li.querySelector<HTMLTextAreaElement>('textarea[aria-label="Note"]')?.value ?? '',
      })),
    );
    expect(listed).toEqual([
      { quote: expect.stringContaining(fold(saved).slice(0, 20)), note: 'A first thought\nand a second line' },
      { quote: expect.stringContaining(fold(blurred).slice(0, 20)), note: 'Typed, then the reader clicked elsewhere' },
    ]);
    await popup.close();
    await page.close();
  });

  it('a highlight with a note shows the note’s first line when hovered, in our shadow root only', async () => {
    const { page, saved } = await notes(launched, essay('hover'));
    const box = await page.evaluate((wanted) => {
      for (const [, highlight] of CSS.highlights) {
        for (const range of highlight) {
          if (range instanceof Range && range.toString().replace(/\s+/g, ' ').trim() === wanted) {
            const r = range.getClientRects()[0]!;
            return { x: r.left + 10, y: r.top + r.height / 2 };
          }
        }
      }
      throw new Error('not drawn');
    }, fold(saved));
    await page.mouse.move(box.x, box.y);
    await page.locator('::-p-aria([role="tooltip"])').wait();
    const tip = await page.locator('::-p-aria([role="tooltip"])').waitHandle();
    const snapshot = await page.accessibility.snapshot({ root: tip, interestingOnly: false });
    expect(JSON.stringify(snapshot)).toContain('A first thought');
    expect(JSON.stringify(snapshot)).not.toContain('second line');
    // The note never enters the page's DOM.
    expect(await page.evaluate(() => document.documentElement.outerHTML.includes('A first thought'))).toBe(false);
    await page.close();
  });

  it('clicking a highlight offers Delete, and Undo restores it with its colour', async () => {
    const page = await deleteAndUndo(launched, essay('delete'));
    await page.close();
  });

  it('keyboard only: Tab from the selection into the toolbar, Enter highlights', async () => {
    await keyboardOnly(launched, essay('keyboard'));
  });

  it('the keyboard command and context menu reach the page: the selection is highlighted (handler driven from the background, since puppeteer cannot press browser commands)', async () => {
    const url = essay('command');
    const page = await launched.browser.newPage();
    await page.goto(url);
    const quote = await selectUntilToolbar(page, 'article p:nth-of-type(6)', 8);
    const worker = await (await launched.browser.waitForTarget((t) => t.type() === 'service_worker')).worker();
    // What the background's onCommand and contextMenus.onClicked listeners send to the tab.
    await page.bringToFront();
    await worker!.evaluate(async () => {
      // Runs in the service worker, where `chrome` is the extension API; the page is the active tab.
      const api = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
      const [tab] = await api.tabs.query({ active: true, lastFocusedWindow: true });
      await api.tabs.sendMessage(tab!.id!, { marginaliaEvent: 1, name: 'command', payload: { name: 'highlight-selection' } });
    });
    await waitForDrawn(page, quote);
    await page.close();
  });

  it('a page that fakes the reader’s events highlights nothing', async () => {
    await syntheticEventsDoNothing(launched, `${server.origin}/app/hostile.html`);
  });

  it('a page with aggressive global CSS gets the same toolbar, which works', async () => {
    await aggressiveCss(launched, `${server.origin}/app/aggressive.html`);
  });

  it('screenshots of the toolbar on the essay and on Wikipedia (test-results/screenshots)', async () => {
    await toolbarScreenshot(launched, `${server.origin}/essay.html?shot`, 'article p:nth-of-type(3)', 'essay');
    await toolbarScreenshot(launched, `${server.origin}/pages/wikipedia.html?shot`, '#mw-content-text p', 'wikipedia');
  });
});
