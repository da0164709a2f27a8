/**
 * PDFs in Marginalia's reader in Firefox ESR, on the built dist/firefox (the shipped code:
 * its background, its declarativeNetRequest rule, its reader and popup pages), with PDFs
 * made by the tests from real text (tests/support/pdfs.ts) served on 127.0.0.1.
 *
 * How Firefox is driven: puppeteer may not open a moz-extension:// page itself, but a tab the
 * test opens on a `.pdf` address is redirected there by Marginalia's rule, and WebDriver BiDi
 * still runs code and sends the mouse and keyboard into it (puppeteer's `page.url()` goes on
 * saying about:blank and its navigation never settles, so this file waits on the page's own
 * `location` instead). The same holds for a tab the extension opens. From a reader tab the
 * test navigates that tab to other extension pages (the reader for another address, the
 * popup's page for a PDF, as "Open in tab" shows it), as their own links do. No test
 * harness page is needed: this is the real extension, not its code with the seam swapped.
 *
 * What Firefox covers here:
 * - the redirect: a `.pdf` address typed in a tab never reaches the server as a navigation;
 *   the tab shows the reader at `pdf.html?file=<address>`; the rules the background installed
 *   are the address rule alone (Firefox refuses the `responseHeaders` rule, and the fallback
 *   in src/background/pdf-open.ts installs the other); so a PDF at an address without `.pdf`
 *   stays in Firefox's own viewer (the reader opens it when given its address);
 * - select with the mouse → Highlight → drawn → reload → drawn again, stored (read back from
 *   the background through the reader's own messaging) under `urn:x-pdf:<fingerprint>` with
 *   its page; the same PDF at a second address shows it; a note typed in the reader, listed
 *   by the popup's page for that PDF, and in its Markdown export (saved by Firefox into a
 *   folder of the test's, through download preferences) with a `#page=` link; "Open in
 *   Marginalia" on the popup's page opening the reader in a new tab; a passage on a page
 *   rendered lazily after scrolling, at another zoom level and after reload; the way back to
 *   Firefox's own viewer, which the redirect then leaves alone in that tab (and only there);
 * - a password-protected PDF (asks, says when wrong, opens), a corrupt one, a scan, a 404;
 * - zero requests: everything Firefox asks for goes through a recording proxy, and everything
 *   that reaches the fixture server is logged with its Sec-Fetch-Dest. Nothing left
 *   127.0.0.1; besides navigations (typed by the test, or the way back to Firefox's viewer)
 *   and Firefox's favicon requests for the http pages its viewer shows, the server saw
 *   exactly one fetch of the PDF each time a reader page opened, and nothing else (PDF.js's
 *   worker, character maps and fonts come from moz-extension://). Checked to fail with
 *   PDF.js's standard fonts pointed at a CDN, and with the reader fetching its PDF twice.
 *
 * What it cannot, and where it is covered instead:
 * - the popup over a tab (puppeteer cannot press the browser's toolbar button; neither in
 *   Chromium, where pdf.e2e.ts opens the popup's page too): the popup's page is used;
 * - a PDF found by its Content-Type: Firefox has no such rule (checked here as absent);
 *   Chromium's rule in pdf.e2e.ts; the fallback itself also in tests/unit/pdf-rules.test.ts;
 * - the context menu's "Open in Marginalia": driven in neither browser (puppeteer cannot open
 *   a browser's context menu).
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startServer } from '../../scripts/fixture-server.mjs';
import { markdownFileName } from '../../src/shared/markdown-file-names';
import type { Annotation } from '../../src/shared/types';
import { type Launched, launchFirefox, setFixtureOrigin } from '../support/browsers';
import {
  dragLines,
  drawn,
  press,
  squash,
  type Truthy,
  until,
  waitForDrawn,
  waitForReader,
} from '../support/pdf-reader';
import { bookPdf, corruptPdf, noTextPdf, paperPdf } from '../support/pdfs';
import { fold } from '../support/reader';

const PDF = 'application/pdf';
let fixture: FixtureServer;
let front: http.Server;
let origin = '';
let launched: Launched;
/** Where Firefox saves downloads, without asking. */
let downloads = '';
/** Every request that reached 127.0.0.1, as `<sec-fetch-dest> <address>`. */
const arrived: string[] = [];
/** The PDF each reader page was opened (or reloaded) on: what the reader may fetch, once each time. */
const shown: string[] = [];

beforeAll(async () => {
  const book = await bookPdf({ minPages: 12 });
  fixture = await startServer(0, {
    // The same bytes at two addresses: one PDF, one fingerprint.
    '/papers/moby-dick.pdf': { body: book, type: PDF },
    '/mirror/copy-of-moby-dick.pdf': { body: book, type: PDF },
    '/papers/viewer-test.pdf': { body: book, type: PDF },
    // No `.pdf` in the address.
    '/download': { body: await paperPdf(), type: PDF },
    '/locked.pdf': { body: await bookPdf({ password: 'marginalia' }), type: PDF },
    '/corrupt.pdf': { body: await corruptPdf(), type: PDF },
    '/scan.pdf': { body: await noTextPdf(), type: PDF },
  });
  // In front of the fixture server (Firefox's recording proxy passes 127.0.0.1 on to it):
  // what reaches it, and as what, a navigation or a fetch.
  const to = new URL(fixture.origin);
  front = http.createServer((req, res) => {
    arrived.push(`${req.headers['sec-fetch-dest'] ?? '?'} ${new URL(req.url ?? '/', origin).href}`);
    const forward = http.request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(front.address() as AddressInfo).port}`;
  setFixtureOrigin(origin);
  downloads = await mkdtemp(path.join(os.tmpdir(), 'marginalia-firefox-downloads-'));
  launched = await launchFirefox({
    prefs: {
      'browser.download.dir': downloads,
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
    },
  });
  await redirectInstalled();
});

afterAll(async () => {
  // Nothing asked of any other host (the recording proxy refuses and records those).
  expect(launched?.extensionRequests() ?? []).toEqual([]);
  // On 127.0.0.1: navigations (typed by the test, or the reader's way back to Firefox's
  // viewer), Firefox's icon requests for http pages, and one fetch of its PDF each time a
  // reader page opened. Nothing else: no worker, character map or font from the network,
  // and no second request for a PDF (no range requests).
  const fetched = arrived.filter((entry) => {
    const [dest, url] = entry.split(' ') as [string, string];
    return dest !== 'document' && !(dest === 'image' && new URL(url).pathname === '/favicon.ico');
  });
  expect(fetched.sort()).toEqual(shown.map((url) => `empty ${url}`).sort());
  expect(shown.length).toBeGreaterThan(10);
  await launched?.browser.close();
  await new Promise((resolve) => front?.close(resolve));
  await fixture?.close();
});

/** Polls `check` (in the test) until it gives something truthy. */
async function eventually<T>(check: () => Promise<T>, what: string, timeout = 10_000): Promise<Truthy<T>> {
  const end = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value as Truthy<T>;
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The text of a file Firefox downloaded. It makes the file empty first and writes into
 * `<name>.part` beside it, renamed when done.
 */
function saved(name: string): Promise<string> {
  return eventually(async () => {
    const files = await readdir(downloads);
    if (!files.includes(name) || files.some((file) => file.endsWith('.part'))) return '';
    return readFile(path.join(downloads, name), 'utf8');
  }, `${name} to be downloaded`);
}

/**
 * A freshly installed extension sets its redirect rule as its background starts; a PDF
 * opened in that first moment goes to Firefox's viewer. Waits until a `.pdf` address is
 * sent to the reader (each try its own address, so no cache answers it).
 */
async function redirectInstalled(): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const url = `${origin}/papers/moby-dick.pdf?first-try=${attempt}`;
    const page = await launched.browser.newPage();
    void page.goto(url).catch(() => undefined);
    const where = await until(
      page,
      (url) =>
        location.protocol === 'moz-extension:'
          ? 'reader'
          : location.href === url && document.readyState === 'complete' && 'viewer',
      [url],
      `${url} to open`,
    );
    if (where === 'reader') {
      shown.push(url);
      await waitForReader(page, 'firefox');
      await page.close();
      return;
    }
    await page.close();
    if (attempt === 20) throw new Error('The PDF redirect rule was never installed');
  }
}

const readerAddress = (url: string) => `${launched.extensionOrigin}pdf.html?file=${url}`;

/** Types `path`'s address in a new tab, as a reader would: it must end in Marginalia's reader. */
async function openPdf(path: string): Promise<Page> {
  const url = `${origin}${path}`;
  const page = await launched.browser.newPage();
  // Puppeteer waits for a navigation it never sees end (the tab leaves for moz-extension://);
  // it gives up when the tab closes.
  void page.goto(url).catch(() => undefined);
  shown.push(url);
  const href = await until(
    page,
    (reader) => location.href.startsWith(reader) && location.href,
    [readerAddress('')],
    `${url} to open in the reader`,
  );
  // The rule puts the address in the query as it is (a substitution cannot encode it).
  expect(href).toBe(readerAddress(url));
  return page;
}

async function reload(page: Page): Promise<void> {
  const file = await page.evaluate(() => {
    (window as unknown as { marginaliaOld: boolean }).marginaliaOld = true;
    location.reload();
    return document.getElementById('source')?.textContent ?? '';
  });
  shown.push(file);
}

/** Asks the background, from the reader page (an extension page), as the popup would. */
async function ask<T>(page: Page, name: string, req: unknown): Promise<T> {
  const reply = await page.evaluate(
    async (name, req) => {
      const api = (globalThis as unknown as { browser: typeof import('webextension-polyfill') }).browser;
      return (await api.runtime.sendMessage({ marginalia: 1, name, req })) as { ok: boolean; value?: unknown };
    },
    name,
    req,
  );
  if (!reply?.ok) throw new Error(`${name}: ${JSON.stringify(reply)}`);
  return reply.value as T;
}

const storedFor = async (page: Page, key: string) =>
  (await ask<{ annotations: Annotation[] }>(page, 'page/get', { url: key })).annotations;

/** The status line once it says something of `kind`. */
const status = (page: Page, kind: 'info' | 'error') =>
  until(
    page,
    (kind) => {
      const el = document.querySelector(`#status[data-kind="${kind}"]:not([hidden])`);
      return el?.textContent ?? '';
    },
    [kind],
    `a status message (${kind})`,
  );

describe('Firefox: a PDF in Marginalia’s reader', () => {
  let key = '';
  let quote = '';

  it('a .pdf address opens in the reader without reaching the server as a navigation; the rule is the address rule alone', async () => {
    const page = await openPdf('/papers/moby-dick.pdf');
    key = await waitForReader(page, 'firefox');
    expect(key).toMatch(/^urn:x-pdf:[0-9a-f]+$/);
    expect(await page.$eval('#source', (a) => a.textContent)).toBe(`${origin}/papers/moby-dick.pdf`);
    expect(await page.$eval('#original', (a) => (a as HTMLAnchorElement).href)).toBe(`${origin}/papers/moby-dick.pdf`);
    expect(await page.evaluate(() => document.title)).toBe('Moby Dick; or The Whale');
    // The redirect happened before the request: the server saw the reader's fetch only.
    expect(arrived.filter((entry) => entry.endsWith(`${origin}/papers/moby-dick.pdf`))).toEqual([
      `empty ${origin}/papers/moby-dick.pdf`,
    ]);
    // What the background installed in Firefox: the address rule, without the Content-Type rule.
    const rules = await page.evaluate(async () => {
      const api = (globalThis as unknown as { browser: typeof import('webextension-polyfill') }).browser;
      return api.declarativeNetRequest.getDynamicRules();
    });
    expect(rules.map((rule) => rule.id)).toEqual([1]);
    // Its address condition: PDFs by name, with a query or a `#page=` fragment; nothing else.
    const byName = new RegExp(rules[0]!.condition.regexFilter!);
    for (const pdf of ['/papers/moby-dick.pdf', '/p.PDF?dl=1', '/p.pdf#page=3'])
      expect(byName.test(origin + pdf)).toBe(true);
    for (const other of ['/download', '/pdf/2301.12345', '/p.pdf.html'])
      expect(byName.test(origin + other)).toBe(false);
    expect(rules[0]!.action.redirect?.regexSubstitution).toBe(`${readerAddress('')}\\0`);
    await page.close();
  });

  it('select with the mouse → Highlight → drawn; reload → drawn again; stored under the fingerprint with its page', async () => {
    const page = await openPdf('/papers/moby-dick.pdf');
    await waitForReader(page, 'firefox');
    const selected = await dragLines(page, 2, 2, 1, 'firefox');
    expect(fold(selected).length).toBeGreaterThan(40);
    await press(page, 'Highlight', 'firefox');
    await until(page, () => (CSS.highlights.get('marginalia-yellow')?.size ?? 0) > 0, [], 'the highlight');
    quote = (await drawn(page)).yellow![0]!;
    // The text layer's line breaks are <br>s, which a Range's text leaves out.
    expect(squash(quote)).toBe(squash(selected));
    const stored = await until(
      page,
      async (key) => {
        const api = (globalThis as unknown as { browser: typeof import('webextension-polyfill') }).browser;
        const reply = (await api.runtime.sendMessage({ marginalia: 1, name: 'page/get', req: { url: key } })) as {
          value?: { annotations: unknown[] };
        };
        return reply.value?.annotations.length ? reply.value.annotations : undefined;
      },
      [key],
      'the highlight to be stored',
    );
    expect(stored).toHaveLength(1);
    const annotation = stored[0] as Annotation;
    expect(annotation.url).toBe(key);
    const selectors = annotation.target.selector;
    expect(squash((selectors.find((s) => s.type === 'TextQuoteSelector') as { exact: string }).exact)).toBe(
      squash(selected),
    );
    expect(selectors.find((s) => s.type === 'TextPositionSelector')).toBeDefined();
    expect(selectors.find((s) => s.type === 'PageSelector')).toEqual({ type: 'PageSelector', index: 0 });

    await reload(page);
    expect(await waitForReader(page, 'firefox')).toBe(key);
    await waitForDrawn(page, quote, 'firefox');
    expect(Object.keys(await drawn(page))).toEqual(['yellow']);
    await page.close();
  });

  it('the same PDF at a second address shows the same highlight', async () => {
    const page = await openPdf('/mirror/copy-of-moby-dick.pdf');
    expect(await waitForReader(page, 'firefox')).toBe(key);
    await waitForDrawn(page, quote, 'firefox');
    await page.close();
  });

  it('a note typed in the reader is stored; the popup’s page for the PDF lists it, and its Markdown export has a #page= link', async () => {
    const page = await openPdf('/papers/moby-dick.pdf');
    await waitForReader(page, 'firefox');
    await waitForDrawn(page, quote, 'firefox');
    // Click the highlight: its toolbar; Note; type; Ctrl+Enter saves.
    const point = await page.evaluate(() => {
      const range = [...(CSS.highlights.get('marginalia-yellow') as unknown as Set<Range>)][0]!;
      const rect = range.getClientRects()[0]!;
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    });
    await page.mouse.click(point.x, point.y);
    await press(page, 'Note', 'firefox');
    await until(page, () => document.activeElement?.matches('.toolbar textarea'), [], 'the note editor');
    await page.keyboard.type('Ishmael goes to sea');
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await eventually(
      async () => (await storedFor(page, key))[0]?.note === 'Ishmael goes to sea',
      'the note to be stored',
    );

    // The popup's page for this PDF (as "Open in tab" shows it), in the reader's own tab.
    await page.evaluate((key) => location.assign(`popup.html?url=${encodeURIComponent(key)}`), key);
    const listed = await until(
      page,
      () => {
        if (!location.pathname.endsWith('/popup.html')) return undefined;
        const quotes = [...document.querySelectorAll('.highlights .quote')].map((e) => e.textContent ?? '');
        const notes = [...document.querySelectorAll('.highlights textarea')].map(
          (e) => (e as HTMLTextAreaElement).value,
        );
        return quotes.length ? { quotes, notes } : undefined;
      },
      [],
      'the popup to list the PDF’s highlight',
    );
    expect(listed.quotes.map(squash)).toEqual([squash(quote)]);
    expect(listed.notes).toEqual(['Ishmael goes to sea']);

    // Its Markdown export, saved by Firefox: the note, and a #page= link to the PDF's address.
    await press(page, 'Export Markdown', 'firefox');
    const markdown = await saved(markdownFileName({ url: key, title: 'Moby Dick; or The Whale' }));
    expect(markdown).toContain('Ishmael goes to sea');
    expect(markdown).toContain(`${origin}/papers/moby-dick.pdf#page=1`);
    expect(markdown).not.toContain('urn:x-pdf');
    await page.close();
  });

  it('a passage on a page rendered only when scrolled to is drawn there, and again at another zoom level and after reload', async () => {
    const page = await openPdf('/papers/moby-dick.pdf');
    await waitForReader(page, 'firefox');
    // Page 8 is not rendered until the reader scrolls to it (PDF.js renders lazily).
    expect(await page.$('.page[data-page-number="8"] .textLayer[data-marginalia="mapped"]')).toBeNull();
    await page.$eval('.page[data-page-number="8"]', (el) => el.scrollIntoView());
    await until(
      page,
      () => !!document.querySelector('.page[data-page-number="8"] .textLayer[data-marginalia="mapped"]'),
      [],
      'page 8’s text layer',
    );
    const selected = await dragLines(page, 3, 1, 8, 'firefox');
    await press(page, 'Green', 'firefox');
    await until(page, () => (CSS.highlights.get('marginalia-green')?.size ?? 0) > 0, [], 'the green highlight');
    const green = (await drawn(page)).green![0]!;
    expect(squash(green)).toBe(squash(selected));
    const stored = await eventually(
      async () => (await storedFor(page, key)).find((a) => a.color === 'green'),
      'the green highlight to be stored',
    );
    expect(stored.target.selector.find((s) => s.type === 'PageSelector')).toEqual({ type: 'PageSelector', index: 7 });

    // Zoomed in twice: the page is drawn again at the new size, with the passage on it.
    const width = await page.$eval('.page[data-page-number="8"]', (el) => el.getBoundingClientRect().width);
    await press(page, '+', 'firefox');
    await press(page, '+', 'firefox');
    await until(
      page,
      (width) => {
        const pageBox = document.querySelector('.page[data-page-number="8"]')?.getBoundingClientRect();
        const range = [...(CSS.highlights.get('marginalia-green') as unknown as Set<Range>)][0];
        const rect = range?.getClientRects()[0];
        return (
          !!pageBox && pageBox.width > width * 1.4 && !!rect && rect.height > 0 && range!.startContainer.isConnected
        );
      },
      [width],
      'the passage drawn on the zoomed page',
    );
    expect(squash((await drawn(page)).green![0]!)).toBe(squash(selected));

    // After reload, scrolled there again: drawn again.
    await reload(page);
    await waitForReader(page, 'firefox');
    await page.$eval('.page[data-page-number="8"]', (el) => el.scrollIntoView());
    await waitForDrawn(page, green, 'firefox');
    await page.close();
  });

  it('“Open in the browser’s viewer” leaves the PDF to Firefox’s viewer in that tab, reload included; other tabs still open the reader', async () => {
    const url = `${origin}/papers/viewer-test.pdf`;
    const page = await openPdf('/papers/viewer-test.pdf');
    await waitForReader(page, 'firefox');
    const navigations = () => arrived.filter((entry) => entry === `document ${url}`).length;
    expect(navigations()).toBe(0);
    await page.click('#original');
    // Firefox's own viewer: the PDF's address in the tab, fetched by the navigation itself.
    await until(
      page,
      (url) => location.href === url && !!document.querySelector('#viewerContainer'),
      [url],
      "Firefox's viewer",
    );
    expect(navigations()).toBe(1);
    await page.evaluate(() => location.reload());
    await eventually(async () => navigations() === 2, 'the reload to reach the server');
    expect(await until(page, () => document.readyState === 'complete' && location.href, [], 'the reloaded tab')).toBe(
      url,
    );
    await page.close();
    // Another tab: the rule still sends it to the reader.
    const other = await openPdf('/papers/viewer-test.pdf');
    await waitForReader(other, 'firefox');
    await other.close();
  });

  it('“Open in Marginalia” on the popup’s page for a PDF’s address opens the reader in a new tab, its highlight drawn', async () => {
    const url = `${origin}/mirror/copy-of-moby-dick.pdf`;
    const popup = await openPdf('/papers/moby-dick.pdf');
    await waitForReader(popup, 'firefox');
    // The popup's page for that address (as the toolbar popup shows it over such a tab).
    await popup.evaluate((url) => location.assign(`popup.html?url=${encodeURIComponent(url)}`), url);
    const before = new Set(launched.browser.targets());
    await press(popup, 'Open in Marginalia', 'firefox');
    // A tab the extension opened: puppeteer names it about:blank, and BiDi reaches into it.
    const target = await launched.browser.waitForTarget((t) => t.type() === 'page' && !before.has(t));
    const reader = (await target.page())!;
    shown.push(url);
    // The popup's own link encodes the address (the redirect rule cannot).
    expect(
      await until(reader, () => location.protocol === 'moz-extension:' && location.href, [], 'the reader tab'),
    ).toBe(`${launched.extensionOrigin}pdf.html?file=${encodeURIComponent(url)}`);
    expect(await waitForReader(reader, 'firefox')).toBe(key);
    await waitForDrawn(reader, quote, 'firefox');
    await reader.close();
    await popup.close();
  });

  it('a PDF at an address without .pdf stays in Firefox’s own viewer (no Content-Type rule there); the reader opens it given its address', async () => {
    const url = `${origin}/download`;
    const page = await launched.browser.newPage();
    await page.goto(url);
    expect(page.url()).toBe(url);
    expect(await page.evaluate(() => location.protocol)).toBe('http:');
    expect(arrived).toContain(`document ${url}`);
    await page.close();

    // The reader's address for it (`pdf.html?file=`, encoded, as Marginalia's own links make
    // it), from a reader tab: the reader reads a PDF by what it is, not by its name.
    const reader = await openPdf('/papers/moby-dick.pdf');
    await waitForReader(reader, 'firefox');
    await reader.evaluate((url) => {
      (window as unknown as { marginaliaOld: boolean }).marginaliaOld = true;
      location.assign(`pdf.html?file=${encodeURIComponent(url)}`);
    }, url);
    shown.push(url);
    await waitForReader(reader, 'firefox');
    expect(await reader.evaluate(() => document.title)).toBe('LWN.net Weekly Edition (two columns)');
    expect(await reader.$eval('#source', (a) => a.textContent)).toBe(url);
    await reader.close();
  });
});

describe('Firefox: PDFs the reader cannot simply open', () => {
  it('a password-protected PDF asks for its password, says when it is wrong, and opens with the right one', async () => {
    const page = await openPdf('/locked.pdf');
    const prompt = () =>
      until(
        page,
        () => {
          const form = document.querySelector('#password:not([hidden])');
          return (
            form && document.activeElement === form.querySelector('input') && form.querySelector('.prompt')?.textContent
          );
        },
        [],
        'the password prompt',
      );
    expect(await prompt()).toContain('protected by a password');
    // The field has the focus: the reader types.
    await page.keyboard.type('wrong');
    await page.keyboard.press('Enter');
    await until(
      page,
      () => document.querySelector('#password .prompt')?.textContent?.includes('not right'),
      [],
      'the wrong-password message',
    );
    await prompt();
    await page.keyboard.type('marginalia');
    await page.keyboard.press('Enter');
    await waitForReader(page, 'firefox');
    expect(await page.evaluate(() => document.title)).toBe('Moby Dick; or The Whale');
    await page.close();
  });

  it('a corrupt file says so', async () => {
    const page = await openPdf('/corrupt.pdf');
    expect(await status(page, 'error')).toContain('cannot be read as a PDF');
    await page.close();
  });

  it('a PDF with no text (a scan) opens, and says highlighting needs text', async () => {
    const page = await openPdf('/scan.pdf');
    await until(page, () => !!document.querySelector('#viewerContainer[data-ready="true"]'), [], 'the scan to open');
    expect(await page.$eval('#status', (el) => el.textContent)).toContain('highlighting needs text');
    await page.close();
  });

  it('a PDF that cannot be fetched says so', async () => {
    const page = await openPdf('/missing.pdf');
    expect(await status(page, 'error')).toContain('HTTP 404');
    await page.close();
  });
});
