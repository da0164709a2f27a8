/**
 * A PDF's highlights everywhere a web page's are (issue 15): `#page=N` on open, Jump to from
 * the popup's page view, the library's search, the side panel and the daily Review (opening
 * the reader, or bringing an open one forward, at the passage's page, scrolled to it and
 * drawn; a PDF read from disk says to open it), Re-attach of a note the PDF no longer has,
 * and the side panel over a reader tab, following it. End to end in
 * Chromium on the built dist/chrome, PDFs made by tests/support/pdfs.ts served on 127.0.0.1.
 *
 * Not driven here: the context menu's "Open in Marginalia" (puppeteer cannot open a context
 * menu; tests/unit/pdf-open-menu.test.ts checks what its click opens). Firefox: the reader
 * is a moz-extension:// page, which puppeteer can neither open nor follow there (see
 * pdf.e2e.ts); the reader's code and the background's are the same in both browsers.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startServer } from '../../scripts/fixture-server.mjs';
import type { Annotation } from '../../src/shared/types';
import { askFrom } from '../support/background';
import { type Launched, launchChromium } from '../support/browsers';
import {
  dragLines,
  otherThanReadersOwnPdf,
  readerScroll,
  showPage,
  squash,
  waitForPassageInView,
  waitForReader,
  waitForRedirectRules,
} from '../support/pdf-reader';
import { bookPdf } from '../support/pdfs';
import { openPopup } from '../support/popup';

const PDF = 'application/pdf';
const BOOK = '/nav/moby-dick.pdf';
let server: FixtureServer;
let launched: Launched;

beforeAll(async () => {
  server = await startServer(0, { [BOOK]: { body: await bookPdf({ minPages: 12 }), type: PDF } });
  launched = await launchChromium();
  await waitForRedirectRules(launched.browser);
});

afterAll(async () => {
  // The only requests: reader pages fetching the PDF they were opened on.
  const requests = launched?.extensionRequests() ?? [];
  // And the navigations the test itself made from a reader's tab to a web page.
  const other = otherThanReadersOwnPdf(requests, launched.extensionOrigin);
  expect(other.filter((entry) => !navigatedAway.includes(entry.slice(entry.indexOf(': ') + 2)))).toEqual([]);
  expect(requests.length).toBeGreaterThan(0);
  await launched?.browser.close();
  await server?.close();
});

const bookUrl = () => `${server.origin}${BOOK}`;
/** Web pages the test went to from a reader's tab (the page's request is recorded as the reader's). */
const navigatedAway: string[] = [];

/** Opens `url` as a reader would (typing the address): it must end in Marginalia's reader. */
async function openPdf(url: string): Promise<Page> {
  const page = await launched.browser.newPage();
  await page.goto(url);
  await page.waitForFunction((origin) => location.href.startsWith(`${origin}pdf.html`), {}, launched.extensionOrigin);
  return page;
}

const press = (page: Page, name: string) => page.locator(`::-p-aria([name="${name}"][role="button"])`).click();

/** The reader pages open now. */
const readers = () =>
  launched.browser
    .targets()
    .filter((t) => t.type() === 'page' && t.url().startsWith(`${launched.extensionOrigin}pdf.html`));

/** The next reader page to open. */
async function nextReader(): Promise<Page> {
  const target = await launched.browser.waitForTarget(
    (t) => t.type() === 'page' && t.url().startsWith(`${launched.extensionOrigin}pdf.html`),
    { timeout: 10_000 },
  );
  return (await target.asPage())!;
}

/** The passage on page 8 highlighted in the first test, and the PDF's key. */
let key = '';
let quote = '';
let stored: Annotation | undefined;

describe('Chromium: a PDF’s highlights, wherever the reader finds them', () => {
  it('a highlight made on page 8 is stored with its page; a #page=N address opens the reader at that page', async () => {
    const page = await openPdf(bookUrl());
    key = await waitForReader(page);
    await showPage(page, 8);
    const selected = await dragLines(page, 3, 2, 8);
    await press(page, 'Highlight');
    await waitForPassageInView(page, selected, 8);
    quote = selected;
    const list = (await askFrom(page, 'page/get', { url: key })).annotations;
    expect(list).toHaveLength(1);
    stored = list[0]!;
    expect(stored.target.selector.find((s) => s.type === 'PageSelector')).toEqual({ type: 'PageSelector', index: 7 });
    await page.close();

    // A Markdown link (`#page=N` on the PDF's own address), through the automatic opening.
    const linked = await openPdf(`${bookUrl()}#page=8`);
    await waitForReader(linked);
    await waitForPassageInView(linked, quote, 8);
    expect(await readerScroll(linked)).toBeGreaterThan(0);
    await linked.close();

    // The reader's own address with the place in the PDF's address (the context menu on such a link).
    const opened = await launched.browser.newPage();
    await opened.goto(`${launched.extensionOrigin}pdf.html?file=${encodeURIComponent(`${bookUrl()}#page=8`)}`);
    await waitForReader(opened);
    await waitForPassageInView(opened, quote, 8);
    await opened.close();
  });

  it('Jump to in the library’s search opens the reader at the passage’s page, scrolled to it, drawn and flashed', async () => {
    expect(readers()).toHaveLength(0);
    const popup = await openPopup(launched, undefined, 'library');
    // The library marks the PDF; search finds its passage; its page view offers Jump to.
    await popup.waitForSelector('.pages .badge');
    const words = quote.split(/\s+/).filter((w) => /^[A-Za-z]{6,}$/.test(w));
    await popup.type('input[type="search"]', words.slice(0, 2).join(' '));
    await popup.waitForSelector('.results a.source');
    await Promise.all([popup.waitForNavigation(), popup.click('.results a.source')]);
    expect(decodeURIComponent(new URL(popup.url()).search)).toBe(`?url=${key}`);
    await popup.waitForSelector('.highlights .quote');
    const opening = nextReader();
    await press(popup, 'Jump to');
    const reader = await opening;
    await waitForReader(reader);
    expect(reader.url()).toContain(`#page=8&annotation=${stored!.id}`);
    await waitForPassageInView(reader, quote, 8, { flash: true });
    expect(await popup.$eval('.live', (el) => el.textContent)).toBe('');
    await popup.close();
    await reader.close();
  });

  it('Jump to with the PDF open in a reader brings that reader forward and scrolls it there: no second reader', async () => {
    const reader = await openPdf(bookUrl());
    await waitForReader(reader);
    expect(await readerScroll(reader)).toBeLessThan(100);
    const popup = await openPopup(launched, key);
    await popup.waitForSelector('.highlights .quote');
    await press(popup, 'Jump to');
    await waitForPassageInView(reader, quote, 8, { flash: true });
    expect(await readerScroll(reader)).toBeGreaterThan(0);
    // Brought to the front of its window.
    const active = await popup.evaluate(async () => {
      const api = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
      return (await api.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.url;
    });
    expect(active).toBe(reader.url());
    expect(readers()).toHaveLength(1);
    await popup.close();
    await reader.close();
  });

  it('Jump to on a PDF read from disk, which no reader shows, says to open it in the reader; nothing opens', async () => {
    const fromDisk = 'urn:x-pdf:d15cd15cd15cd15cd15cd15cd15cd15c';
    const popup = await openPopup(launched, fromDisk);
    await askFrom(popup, 'annotations/save', {
      annotation: { ...stored!, id: 'pdf-from-disk-0001', url: fromDisk },
      title: 'A download',
    });
    await popup.reload();
    await popup.waitForSelector('.highlights .quote');
    const before = readers().length;
    await press(popup, 'Jump to');
    await popup.waitForFunction(
      () =>
        document.querySelector('.live')?.textContent ===
        'Open this PDF in Marginalia’s reader to jump to this passage.',
    );
    expect(readers()).toHaveLength(before);
    await popup.close();
  });

  it('a note the PDF no longer has is listed as not found; selected in the reader, Re-attach puts it there', async () => {
    const control = await openPopup(launched, key);
    const now = new Date().toISOString();
    const lost: Annotation = {
      id: 'pdf-lost-note-0001',
      url: key,
      target: {
        selector: [
          {
            type: 'TextQuoteSelector',
            exact: 'Quixotic zephyrs jumbled over the quartz sphinx of a vexed kiwi',
            prefix: '',
            suffix: '',
          },
          { type: 'TextPositionSelector', start: 5, end: 80 },
          { type: 'PageSelector', index: 0 },
        ],
      },
      color: 'blue',
      note: 'Kept through the revision',
      tags: ['lost'],
      createdAt: now,
      updatedAt: now,
    };
    await askFrom(control, 'annotations/save', { annotation: lost, title: 'Moby Dick; or The Whale' });
    await control.close();

    const reader = await openPdf(bookUrl());
    await waitForReader(reader);
    await reader.waitForFunction(() => document.getElementById('orphans')?.textContent === 'Not found in this PDF: 1');
    const popup = await openPopup(launched, key);
    await popup.waitForSelector('.orphans .quote');
    expect(await popup.$$eval('.orphans .quote', (els) => els.map((e) => e.textContent))).toEqual([
      lost.target.selector[0]!.type === 'TextQuoteSelector' ? lost.target.selector[0]!.exact : '',
    ]);

    // Nothing selected: the popup says what to do.
    await press(popup, 'Re-attach to selection');
    await popup.waitForFunction(() => document.querySelector('.live')?.textContent?.includes('Select the passage'));

    await reader.bringToFront();
    const selected = await dragLines(reader, 4, 1, 1);
    await popup.bringToFront();
    await press(popup, 'Re-attach to selection');
    await popup.waitForFunction(
      () => document.querySelector('.live')?.textContent === 'Re-attached to your selection.',
    );
    await waitForPassageInView(reader, selected, 1);
    await popup.waitForFunction(() => !document.querySelector('.orphans'));
    const moved = (await askFrom(popup, 'page/get', { url: key })).annotations.find((a) => a.id === lost.id)!;
    const movedQuote = moved.target.selector.find((s) => s.type === 'TextQuoteSelector');
    expect(squash(movedQuote?.type === 'TextQuoteSelector' ? movedQuote.exact : '')).toBe(squash(selected));
    expect(moved.target.selector.find((s) => s.type === 'PageSelector')).toEqual({ type: 'PageSelector', index: 0 });
    expect([moved.note, moved.tags, moved.color]).toEqual(['Kept through the revision', ['lost'], 'blue']);
    await reader.waitForFunction(() => document.getElementById('orphans')?.textContent === '');
    // And after reload it is where it was put (in the front tab: a hidden one draws nothing).
    await reader.bringToFront();
    await reader.reload();
    await waitForReader(reader);
    await waitForPassageInView(reader, selected, 1);
    await popup.close();
    await reader.close();
  });

  it('the side panel over a reader lists the PDF’s highlights, a new one within a second, and a click there jumps in the reader', async () => {
    const reader = await openPdf(bookUrl());
    await waitForReader(reader);
    // The side panel, opened as a reader does: the popup's "Open side panel" button.
    const popup = await openPopup(launched, key);
    await press(popup, 'Open side panel');
    const target = await launched.browser.waitForTarget(
      (t) => t.url() === `${launched.extensionOrigin}sidepanel.html`,
      { timeout: 10_000 },
    );
    const panel = (await target.asPage())!;
    await popup.close();
    await reader.bringToFront();
    await panel.waitForFunction(
      (title) => document.querySelector('.page-header h1')?.textContent?.includes(title),
      { timeout: 10_000 },
      'Moby Dick; or The Whale',
    );
    const quotes = () => panel.$$eval('.highlights .quote', (els) => els.map((e) => e.textContent ?? ''));
    await panel.waitForFunction(() => document.querySelectorAll('.highlights .quote').length === 2);
    expect((await quotes()).map(squash)).toContain(squash(quote));

    // A new highlight in the reader is in the panel within a second of the click.
    const selected = await dragLines(reader, 8, 1, 1);
    const clicked = Date.now();
    await press(reader, 'Highlight');
    await panel.waitForFunction(() => document.querySelectorAll('.highlights .quote').length === 3, {
      timeout: 1000,
    });
    expect(Date.now() - clicked).toBeLessThan(1000);
    expect((await quotes()).map(squash)).toContain(squash(selected));

    // A click on the page-8 passage in the panel: the reader scrolls there and flashes it.
    await reader.$eval('#viewerContainer', (el) => {
      el.scrollTop = 0;
    });
    const index = (await quotes()).map(squash).indexOf(squash(quote));
    const passages = await panel.$$('.highlights .quote');
    await passages[index]!.click();
    await waitForPassageInView(reader, quote, 8, { flash: true });
    expect(readers()).toHaveLength(1);

    // The tab goes to a web page, and back to the PDF: the panel follows it both ways.
    navigatedAway.push(`${server.origin}/essay.html?from-the-reader`);
    await reader.goto(`${server.origin}/essay.html?from-the-reader`);
    await panel.waitForFunction(
      (url) => document.querySelector('.page-header .url a')?.textContent === url,
      { timeout: 10_000 },
      `${server.origin}/essay.html?from-the-reader`,
    );
    await reader.goto(bookUrl());
    await reader.waitForFunction(
      (origin) => location.href.startsWith(`${origin}pdf.html`),
      {},
      launched.extensionOrigin,
    );
    await waitForReader(reader);
    await panel.waitForFunction(() => document.querySelectorAll('.highlights .quote').length === 3, {
      timeout: 10_000,
    });
    expect((await quotes()).map(squash)).toContain(squash(quote));
    await reader.close();
  });

  it('a PDF’s card in the daily Review opens the reader at the passage', async () => {
    const review = await launched.browser.newPage();
    await review.goto(`${launched.extensionOrigin}review.html`);
    // Made three days ago: due today.
    const made = new Date(Date.now() - 3 * 86_400_000).toISOString();
    const due: Annotation = { ...stored!, id: 'pdf-review-card-0001', createdAt: made, updatedAt: made };
    await askFrom(review, 'annotations/save', { annotation: due, title: 'Moby Dick; or The Whale' });
    await review.reload();
    await review.waitForSelector('.review-card');
    const cards = await review.$$eval('.review-card .quote', (els) => els.map((e) => e.textContent ?? ''));
    expect(cards.map(squash)).toEqual([squash(quote)]);
    const opening = nextReader();
    await press(review, 'Open at the passage');
    const reader = await opening;
    await waitForReader(reader);
    await waitForPassageInView(reader, quote, 8, { flash: true });
    await reader.close();
    await review.close();
  });
});
