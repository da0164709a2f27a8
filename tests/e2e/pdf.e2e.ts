/**
 * PDFs in Marginalia's reader, end to end in Chromium on the built dist/chrome, with PDFs
 * made by the tests from real text (tests/support/pdfs.ts) served on 127.0.0.1.
 *
 * Firefox: pdf-firefox.e2e.ts (a tab sent to the reader by the redirect rule reads as
 * about:blank to puppeteer there, but WebDriver BiDi runs code and input in it).
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startServer } from '../../scripts/fixture-server.mjs';
import { markdownFileName } from '../../src/shared/markdown-file-names';
import type { Annotation } from '../../src/shared/types';
import { ask } from '../support/background';
import { type Launched, launchChromium } from '../support/browsers';
import { captureDownloads, waitForFile } from '../support/downloads';
import {
  dragLines,
  drawn,
  openNote,
  press,
  squash,
  waitForDrawn,
  waitForReader,
  waitForRedirectRules,
} from '../support/pdf-reader';
import { bookPdf, corruptPdf, noTextPdf, paperPdf } from '../support/pdfs';
import { openPopup } from '../support/popup';
import { fold } from '../support/reader';

const PDF = 'application/pdf';
let server: FixtureServer;
let launched: Launched;
const served: string[] = [];

beforeAll(async () => {
  const book = await bookPdf({ minPages: 12 });
  const files: Record<string, { body: Uint8Array; type: string }> = {
    // The same bytes at two addresses: one PDF, one fingerprint.
    '/papers/moby-dick.pdf': { body: book, type: PDF },
    '/mirror/copy-of-moby-dick.pdf': { body: book, type: PDF },
    // No `.pdf` in the address: found by its Content-Type.
    '/download': { body: await paperPdf(), type: PDF },
    '/locked.pdf': { body: await bookPdf({ password: 'marginalia' }), type: PDF },
    '/corrupt.pdf': { body: await corruptPdf(), type: PDF },
    '/scan.pdf': { body: await noTextPdf(), type: PDF },
  };
  server = await startServer(0, files);
  launched = await launchChromium();
  await waitForRedirectRules(launched.browser);
});

afterAll(async () => {
  // The reader fetched the PDFs it opened, each from its own reader page, and nothing else.
  const requests = launched?.extensionRequests() ?? [];
  const expected = served.map((entry) =>
    entry.includes(': ') ? entry : `${launched.extensionOrigin}pdf.html?file=${entry}: ${entry}`,
  );
  // Nothing else: every request seen is one of those. (Not the other way round: the watcher
  // attaches to a new page asynchronously and can miss a reader page's first fetch, which
  // made an exact comparison fail on a busy machine.)
  expect(requests.filter((request) => !expected.includes(request))).toEqual([]);
  expect(requests.length).toBeGreaterThan(0);
  await launched?.browser.close();
  await server?.close();
});

/** Opens `path` as a reader would (typing the address): it must end in Marginalia's reader. */
async function openPdf(path: string): Promise<Page> {
  const url = `${server.origin}${path}`;
  const page = await launched.browser.newPage();
  await page.goto(url);
  await page.waitForFunction((origin) => location.href.startsWith(`${origin}pdf.html`), {}, launched.extensionOrigin);
  served.push(url);
  return page;
}

describe('Chromium: a PDF in Marginalia’s reader', () => {
  let key = '';
  let quote = '';
  let stored: Annotation | undefined;

  it('a PDF link opens in the reader, with its address shown and the way back to the browser’s viewer', async () => {
    const page = await openPdf('/papers/moby-dick.pdf');
    key = await waitForReader(page);
    expect(key).toMatch(/^urn:x-pdf:[0-9a-f]+$/);
    expect(await page.$eval('#source', (a) => a.textContent)).toBe(`${server.origin}/papers/moby-dick.pdf`);
    expect(await page.$eval('#original', (a) => (a as HTMLAnchorElement).href)).toBe(
      `${server.origin}/papers/moby-dick.pdf`,
    );
    expect(await page.title()).toBe('Moby Dick; or The Whale');
    await page.close();
  });

  it('select with the mouse → Highlight → drawn; reload → drawn again; stored under the fingerprint with its page', async () => {
    const page = await openPdf('/papers/moby-dick.pdf');
    await waitForReader(page);
    const selected = await dragLines(page, 2, 2);
    expect(fold(selected).length).toBeGreaterThan(40);
    await press(page, 'Highlight');
    await page.waitForFunction(() => (CSS.highlights.get('marginalia-yellow')?.size ?? 0) > 0);
    quote = (await drawn(page)).yellow![0]!;
    // The text layer's line breaks are <br>s, which a Range's text leaves out.
    expect(squash(quote)).toBe(squash(selected));
    const list = (await ask(launched, 'page/get', { url: key })).annotations;
    expect(list).toHaveLength(1);
    stored = list[0]!;
    const selectors = stored.target.selector;
    expect(selectors.find((s) => s.type === 'TextQuoteSelector')).toMatchObject({ exact: expect.any(String) });
    expect(selectors.find((s) => s.type === 'TextPositionSelector')).toBeDefined();
    expect(selectors.find((s) => s.type === 'PageSelector')).toEqual({ type: 'PageSelector', index: 0 });
    expect(stored.url).toBe(key);

    await page.reload();
    await waitForReader(page);
    served.push(`${server.origin}/papers/moby-dick.pdf`);
    await waitForDrawn(page, quote);
    await page.close();
  });

  it('the same PDF at a second address shows the same highlight', async () => {
    const page = await openPdf('/mirror/copy-of-moby-dick.pdf');
    expect(await waitForReader(page)).toBe(key);
    await waitForDrawn(page, quote);
    await page.close();
  });

  it('a note typed in the reader is in the popup over the reader, and in the Markdown export with a #page= link', async () => {
    const page = await openPdf('/papers/moby-dick.pdf');
    await waitForReader(page);
    await waitForDrawn(page, quote);
    // Click the highlight: its toolbar; Note; type; Ctrl+Enter saves.
    await openNote(page);
    await page.type('.toolbar textarea', 'Ishmael goes to sea');
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await page.waitForFunction(
      async (key) => {
        const api = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
        const reply = (await api.runtime.sendMessage({ marginalia: 1, name: 'page/get', req: { url: key } })) as {
          value?: { annotations: { note: string }[] };
        };
        return reply.value?.annotations[0]?.note === 'Ishmael goes to sea';
      },
      { timeout: 10_000 },
      key,
    );

    // The popup on that PDF (as "Open in tab" shows it; puppeteer cannot open the toolbar
    // popup over a tab, which asks the background which PDF the reader's tab shows).
    const popup = await openPopup(launched, key);
    await popup.waitForSelector('.highlights .quote');
    expect(
      (await popup.$$eval('.highlights .quote', (els) => els.map((e) => e.textContent ?? ''))).map(squash),
    ).toEqual([squash(quote)]);
    expect(
      await popup.$$eval('.highlights textarea', (els) => els.map((e) => (e as HTMLTextAreaElement).value)),
    ).toEqual(['Ishmael goes to sea']);

    const dir = await captureDownloads(popup);
    await popup.locator('::-p-aria(Export Markdown)').click();
    const markdown = await waitForFile(dir, markdownFileName({ url: key, title: 'Moby Dick; or The Whale' }));
    expect(markdown).toContain('Ishmael goes to sea');
    expect(markdown).toContain(`${server.origin}/papers/moby-dick.pdf#page=1`);
    expect(markdown).not.toContain('urn:x-pdf');
    await popup.close();
    await page.close();
  });

  it('a passage on a page rendered only when scrolled to is drawn there, and again at another zoom level', async () => {
    const page = await openPdf('/papers/moby-dick.pdf');
    await waitForReader(page);
    // Page 8 is not rendered until the reader scrolls to it (PDF.js renders lazily).
    expect(await page.$('.page[data-page-number="8"] .textLayer[data-marginalia="mapped"]')).toBeNull();
    await page.$eval('.page[data-page-number="8"]', (el) => el.scrollIntoView());
    await page.waitForSelector('.page[data-page-number="8"] .textLayer[data-marginalia="mapped"]');
    const selected = await dragLines(page, 3, 1, 8);
    await press(page, 'Green');
    await page.waitForFunction(() => (CSS.highlights.get('marginalia-green')?.size ?? 0) > 0);
    const green = (await drawn(page)).green![0]!;
    expect(squash(green)).toBe(squash(selected));
    const stored = (await ask(launched, 'page/get', { url: key })).annotations.find((a) => a.color === 'green')!;
    expect(stored.target.selector.find((s) => s.type === 'PageSelector')).toEqual({ type: 'PageSelector', index: 7 });

    // Zoomed in twice: the page is drawn again at the new size, with the passage on it.
    await press(page, '+');
    await press(page, '+');
    await page.waitForFunction(
      () => {
        const range = [...(CSS.highlights.get('marginalia-green') as unknown as Set<Range>)][0];
        const rect = range?.getClientRects()[0];
        return !!rect && rect.height > 0 && range!.startContainer.isConnected;
      },
      { timeout: 10_000 },
    );
    expect(squash((await drawn(page)).green![0]!)).toBe(squash(selected));
    // After reload, scrolled there again: drawn again.
    await page.reload();
    served.push(`${server.origin}/papers/moby-dick.pdf`);
    await waitForReader(page);
    await page.$eval('.page[data-page-number="8"]', (el) => el.scrollIntoView());
    await waitForDrawn(page, green);
    await page.close();
  });

  it('“Open in the browser’s viewer” leaves the PDF to the browser, and the redirect does not bring it back', async () => {
    const page = await openPdf('/papers/moby-dick.pdf');
    await waitForReader(page);
    await Promise.all([page.waitForNavigation(), page.click('#original')]);
    expect(page.url()).toBe(`${server.origin}/papers/moby-dick.pdf`);
    // The reader's fetch, and the navigation away that the reader's click asked for.
    served.push(`${launched.extensionOrigin}pdf.html?file=${server.origin}/papers/moby-dick.pdf: ${page.url()}`);
    await page.close();
  });

  it('“Open in Marginalia” in the popup on a PDF’s address opens it in the reader, its highlight drawn', async () => {
    const url = `${server.origin}/mirror/copy-of-moby-dick.pdf`;
    const popup = await openPopup(launched, url);
    const opened = launched.browser.waitForTarget((t) => t.url().startsWith(`${launched.extensionOrigin}pdf.html`));
    await press(popup, 'Open in Marginalia');
    const page = (await (await opened).page())!;
    // Our own link encodes the address (the redirect rule cannot).
    served.push(`${page.url()}: ${url}`);
    expect(page.url()).toBe(`${launched.extensionOrigin}pdf.html?file=${encodeURIComponent(url)}`);
    expect(await waitForReader(page)).toBe(key);
    await waitForDrawn(page, quote);
    await page.close();
  });

  it('a PDF served from an address without .pdf opens in the reader by its Content-Type (Chromium)', async () => {
    const page = await openPdf('/download');
    await waitForReader(page);
    expect(await page.title()).toBe('LWN.net Weekly Edition (two columns)');
    await page.close();
  });
});

describe('Chromium: PDFs the reader cannot simply open', () => {
  it('a password-protected PDF asks for its password, says when it is wrong, and opens with the right one', async () => {
    const page = await openPdf('/locked.pdf');
    await page.waitForSelector('#password:not([hidden])');
    expect(await page.$eval('#password .prompt', (el) => el.textContent)).toContain('protected by a password');
    await page.type('#password input', 'wrong');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('#password .prompt')?.textContent?.includes('not right'));
    await page.type('#password input', 'marginalia');
    await page.keyboard.press('Enter');
    await waitForReader(page);
    expect(await page.title()).toBe('Moby Dick; or The Whale');
    await page.close();
  });

  it('a corrupt file says so, and that notes are not affected', async () => {
    const page = await openPdf('/corrupt.pdf');
    await page.waitForSelector('#status[data-kind="error"]:not([hidden])');
    expect(await page.$eval('#status', (el) => el.textContent)).toContain('cannot be read as a PDF');
    await page.close();
  });

  it('a PDF with no text (a scan) opens, and says highlighting needs text', async () => {
    const page = await openPdf('/scan.pdf');
    await page.waitForSelector('#viewerContainer[data-ready="true"]');
    expect(await page.$eval('#status', (el) => el.textContent)).toContain('highlighting needs text');
    await page.close();
  });

  it('a PDF that cannot be fetched says so', async () => {
    const page = await openPdf('/missing.pdf');
    await page.waitForSelector('#status[data-kind="error"]:not([hidden])');
    expect(await page.$eval('#status', (el) => el.textContent)).toContain('HTTP 404');
    await page.close();
  });
});
