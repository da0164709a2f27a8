/**
 * End to end in Chromium, on the built dist/chrome: everything a reader does, including
 * the popup and the Markdown download (which Firefox's puppeteer cannot reach; see
 * firefox.e2e.ts for what is covered there).
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { markdownFileName } from '../../src/shared/markdown-file-names';
import { launchChromium } from '../support/browsers';
import { blockquotes, captureDownloads, waitForFile } from '../support/downloads';
import { FIXTURES } from '../support/fixtures';
import { clickHighlight, drawnQuotes, fold, selectPhrase, selectUntilToolbar, waitForDrawn } from '../support/reader';
import { highlightSurvivesReload, orphanFoundAgain, reloadUntilDrawn } from '../support/scenarios';
import { readerScenarios, toolbarScenarios } from '../support/shared-scenarios';
import { useBrowser } from '../support/suite';
import { pointOnQuote, waitForNoteEditor, waitForNotePreview } from '../support/toolbar';
import { notes, storedNote } from '../support/toolbar-scenarios';

const suite = useBrowser(launchChromium);

describe('Chromium: a reader highlights, reloads, reviews and exports', () => {
  readerScenarios(suite);

  for (const fixture of FIXTURES) {
    it(`on ${fixture.name}: the highlight is drawn, comes back after reload, is listed in the popup and exported verbatim`, async () => {
      const url = `${suite.server().origin}${fixture.path}`;
      const { page, quote } = await highlightSurvivesReload(suite.launched(), url, fixture.passage);
      const title = await page.title();

      const popup = await suite.launched().browser.newPage();
      await popup.goto(`${suite.launched().extensionOrigin}popup.html?url=${encodeURIComponent(url)}`);
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

  it('a highlight whose paragraph was removed is listed as not found, and comes back (also in the open popup) when the paragraph does', async () => {
    const url = `${suite.server().origin}/app/changing.html`;
    let popup: Page | undefined;
    await orphanFoundAgain(suite.launched(), url, async (_page, quote) => {
      popup = await suite.launched().browser.newPage();
      await popup.goto(`${suite.launched().extensionOrigin}popup.html?url=${encodeURIComponent(url)}`);
      await popup.waitForSelector('::-p-aria(Not found on this page)');
      const missing = await popup.$$eval('[aria-label="Not found on this page"] .quote', (els) =>
        els.map((e) => e.textContent ?? ''),
      );
      expect(missing.map(fold)).toEqual([fold(quote)]);
      expect(await popup.$('[aria-label="Highlights"]')).toBeNull();
    });
    // The page found it again: the open popup moves it back among the highlights.
    await popup!.waitForSelector('[aria-label="Highlights"] .quote');
    expect(await popup!.$('[aria-label="Not found on this page"]')).toBeNull();
    await popup!.close();
  });

  it('the exported link back to a passage opens the page scrolled to that passage', async () => {
    const url = `${suite.server().origin}/essay.html?link-back`;
    const page = await suite.launched().browser.newPage();
    await page.goto(url);
    const quote = await selectUntilToolbar(page, 'article p:nth-of-type(14)', 8);
    await clickHighlight(page, 'chromium');
    await waitForDrawn(page, quote);

    const popup = await suite.launched().browser.newPage();
    await popup.goto(`${suite.launched().extensionOrigin}popup.html?url=${encodeURIComponent(url)}`);
    await popup.waitForSelector('.highlights .quote');
    const dir = await captureDownloads(popup);
    await popup.locator('::-p-aria(Export Markdown)').click();
    const markdown = await waitForFile(dir, markdownFileName({ url, title: await page.title() }));
    const link = markdown.match(/\[Open passage\]\(<([^>]+)>\)/)?.[1];
    expect(link).toContain('#:~:text=');

    // A fresh tab on the link: the browser scrolls the passage into view.
    const reader = await suite.launched().browser.newPage();
    await reader.goto(link!);
    await reader.waitForFunction(
      (wanted) => {
        const p = [...document.querySelectorAll('article p')].find((el) =>
          el.textContent?.replace(/\s+/g, ' ').includes(wanted),
        );
        const box = p?.getBoundingClientRect();
        return !!box && scrollY > 0 && box.top < innerHeight && box.bottom > 0;
      },
      { timeout: 10_000 },
      fold(quote).slice(0, 40),
    );
    await Promise.all([reader.close(), popup.close(), page.close()]);
  });

  it('two highlights on one page are listed in reading order, not in the order they were made', async () => {
    const url = `${suite.server().origin}/essay.html?order=1`;
    const page = await suite.launched().browser.newPage();
    await page.goto(url);
    const later = await selectUntilToolbar(page, 'article p:nth-of-type(6)');
    await clickHighlight(page, 'chromium');
    await waitForDrawn(page, later);
    const earlier = await selectUntilToolbar(page, 'article p:nth-of-type(2)');
    await clickHighlight(page, 'chromium');
    await waitForDrawn(page, earlier);
    expect(await drawnQuotes(page)).toEqual([fold(earlier), fold(later)]);

    const popup = await suite.launched().browser.newPage();
    await popup.goto(`${suite.launched().extensionOrigin}popup.html?url=${encodeURIComponent(url)}`);
    await popup.waitForFunction(() => document.querySelectorAll('.highlights .quote').length === 2);
    const listed = await popup.$$eval('.highlights .quote', (els) => els.map((el) => el.textContent ?? ''));
    expect(listed.map(fold)).toEqual([fold(earlier), fold(later)]);
    await popup.close();
    await page.close();
  });
});

describe('Chromium: the reading toolbar', () => {
  toolbarScenarios(suite);

  const essay = (tag: string) => `${suite.server().origin}/essay.html?${tag}`;

  it('notes: Note then Ctrl+Enter saves, clicking elsewhere saves, Escape cancels; the popup shows them', async () => {
    const url = essay('notes');
    const { page, saved, blurred } = await notes(suite.launched(), url);
    const popup = await suite.launched().browser.newPage();
    await popup.goto(`${suite.launched().extensionOrigin}popup.html?url=${encodeURIComponent(url)}`);
    // The note left by clicking elsewhere is saved as the editor closes: wait for both notes.
    await popup.waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLTextAreaElement>('.highlights textarea[aria-label="Note"]')].filter(
          (box) => box.value,
        ).length === 2,
    );
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

  it('a page that covers the toolbar with a decoy cannot turn the reader’s click into a highlight (Chromium only: Firefox has no occlusion check)', async () => {
    const page = await suite.launched().browser.newPage();
    await page.goto(`${suite.server().origin}/app/overlay.html`);
    await selectUntilToolbar(page, '#target', 8);
    // The decoy is the page's own popover, opened after our toolbar's, in a closed shadow
    // root: above our toolbar in the top layer, and out of the toolbar's own sight.
    await page.waitForFunction(() => (window as unknown as { decoyShown(): boolean }).decoyShown());
    // The reader clicks the decoy, right where our Highlight button sits under it.
    await clickHighlight(page, 'firefox');
    // The decoy goes; the reader closes the toolbar (it may lie over the next sentence, and
    // would take the drag's mousedown) and highlights another sentence in plain view.
    await page.evaluate(() => (window as unknown as { stopDecoy(): void }).stopDecoy());
    await page.keyboard.press('Escape');
    await page.waitForSelector('marginalia-toolbar', { hidden: true });
    const honest = await selectPhrase(page, '#honest', 'the reader highlights this sentence knowingly');
    await clickHighlight(page, 'chromium');
    await reloadUntilDrawn(page, honest);
    expect(await drawnQuotes(page)).toEqual([fold(honest)]);
    await page.close();
  });

  it('a highlight with a note shows the note’s first line when hovered, in our note frame only', async () => {
    const { page, saved } = await notes(suite.launched(), essay('hover'));
    const point = await pointOnQuote(page, saved);
    await page.mouse.move(point.x, point.y);
    expect(await waitForNotePreview(page)).toBe('A first thought');
    // The note never enters the page's DOM.
    expect(await page.evaluate(() => document.documentElement.outerHTML.includes('A first thought'))).toBe(false);
    await page.close();
  });

  /** What the background's onCommand and contextMenus.onClicked listeners send to the active tab. */
  async function sendCommand(page: Page, name: 'highlight-selection' | 'highlight-with-note'): Promise<void> {
    const worker = await (await suite.launched().browser.waitForTarget((t) => t.type() === 'service_worker')).worker();
    await page.bringToFront();
    await worker!.evaluate(async (name) => {
      // Runs in the service worker, where `chrome` is the extension API; the page is the active tab.
      const api = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
      const [tab] = await api.tabs.query({ active: true, lastFocusedWindow: true });
      await api.tabs.sendMessage(tab!.id!, { marginaliaEvent: 1, name: 'command', payload: { name } });
    }, name);
  }

  it('the keyboard command and context menu reach the page: the selection is highlighted (handler driven from the background, since puppeteer cannot press browser commands)', async () => {
    const page = await suite.launched().browser.newPage();
    await page.goto(essay('command'));
    const quote = await selectUntilToolbar(page, 'article p:nth-of-type(6)', 8);
    await sendCommand(page, 'highlight-selection');
    await waitForDrawn(page, quote);
    await page.close();
  });

  it('"Highlight with note" from the context menu opens the note editor with the focus in it (no click on the toolbar); the note typed is saved', async () => {
    const page = await suite.launched().browser.newPage();
    await page.goto(essay('command-note'));
    const quote = await selectUntilToolbar(page, 'article p:nth-of-type(7)', 8);
    await sendCommand(page, 'highlight-with-note');
    await waitForDrawn(page, quote);
    await waitForNoteEditor(page);
    await page.keyboard.type('Noted from the menu');
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await page.waitForSelector('marginalia-toolbar', { hidden: true });
    expect(await storedNote(suite.launched(), page, quote)).toBe('Noted from the menu');
    await page.close();
  });
});
