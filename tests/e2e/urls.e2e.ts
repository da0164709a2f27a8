/**
 * Issue 7, URLs, in Chromium on the built dist/chrome: one page's notes whatever tracking
 * parameters, fragment, IDN spelling or redirect led to it; `<link rel=canonical>` as an
 * alias; addresses on both sides of the length limit; and local files, which Chromium
 * lets the extension into only when the reader allows file access.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { MAX_URL } from '../../src/shared/limits';
import type { Name, Req } from '../../src/shared/messages';
import type { Annotation } from '../../src/shared/types';
import { ask as askBackground } from '../support/background';
import { launchChromium } from '../support/browsers';
import { setExtensionAccess } from '../support/chromium-settings';
import { listedQuotes, openPopup } from '../support/popup';
import { clickHighlight, drawnQuotes, fold, selectUntilToolbar, waitForDrawn } from '../support/reader';
import { useBrowser } from '../support/suite';
import { clickQuote, pressButton, waitForNoteEditor } from '../support/toolbar';

/** Every *.test host is this machine, so an IDN host can be served by the fixture server. */
const suite = useBrowser(() => launchChromium({ args: ['--host-resolver-rules=MAP *.test 127.0.0.1'] }));

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const origin = () => suite.server().origin;
const port = () => new URL(origin()).port;

/** Asks the background from an extension page, as the popup does. */
const ask = <N extends Name>(name: N, req: Req<N>) => askBackground(suite.launched(), name, req);

/**
 * Every stored annotation whose quote is `quote` (what a backup of everything holds). The
 * tests of this file highlight different paragraphs of the essay: a quote is one test's.
 */
async function storedWithQuote(quote: string): Promise<Annotation[]> {
  const { annotations } = await ask('library/everything', {});
  return annotations.filter((a) =>
    a.target.selector.some((s) => s.type === 'TextQuoteSelector' && fold(s.exact) === fold(quote)),
  );
}

/** Waits (polling storage from an extension page) until `quote` is stored, and returns what is stored. */
async function waitForStored(quote: string): Promise<Annotation[]> {
  const control = await openPopup(suite.launched(), undefined, 'library');
  try {
    await control.waitForFunction(
      async (wanted) => {
        const api = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
        const reply = (await api.runtime.sendMessage({ marginalia: 1, name: 'library/everything', req: {} })) as {
          ok: boolean;
          value?: { annotations: { target: { selector: { type: string; exact?: string }[] } }[] };
        };
        const folded = (text: string) => text.replace(/\s+/g, ' ').trim();
        return (
          reply.ok &&
          reply.value!.annotations.some((a) => a.target.selector.some((s) => s.exact && folded(s.exact) === wanted))
        );
      },
      { timeout: 20_000, polling: 200 },
      fold(quote),
    );
  } finally {
    await control.close();
  }
  return storedWithQuote(quote);
}

/** Highlights a passage of `selector` with the mouse and waits until it is drawn and stored. */
async function highlight(page: Page, selector: string, words = 8): Promise<{ quote: string; stored: Annotation[] }> {
  const quote = await selectUntilToolbar(page, selector, words);
  await clickHighlight(page, 'chromium');
  await waitForDrawn(page, quote);
  return { quote, stored: await waitForStored(quote) };
}

const popupQuotes = (url: string, count: number) => listedQuotes(suite.launched(), url, count);

describe('Chromium: one page, however its address is written', () => {
  it('tracking parameters and a fragment: a highlight made there is at the plain address, and the other way round', async () => {
    const plain = `${origin()}/essay.html?id=tracked`;
    const page = await suite.launched().browser.newPage();
    await page.goto(`${plain}&utm_source=newsletter&utm_medium=email&fbclid=IwAR0x#section-2`);
    const { quote, stored } = await highlight(page, 'article p:nth-of-type(2)');
    expect(stored.map((a) => a.url)).toEqual([plain]);

    await page.goto(`${plain}#comments`);
    await waitForDrawn(page, quote);
    const second = await highlight(page, 'article p:nth-of-type(4)');
    expect(second.stored.map((a) => a.url)).toEqual([plain]);

    await page.goto(`${plain}&gclid=Cj0KCQ&utm_campaign=may`);
    await waitForDrawn(page, quote);
    await waitForDrawn(page, second.quote);
    expect(await drawnQuotes(page)).toEqual([fold(quote), fold(second.quote)]);
    expect(await popupQuotes(`${plain}&utm_content=x#top`, 2)).toEqual([fold(quote), fold(second.quote)]);
    await page.close();
  });

  it('an IDN host: highlighted at its Unicode address, back at its punycode address, stored once under punycode', async () => {
    const unicode = `http://bücher.test:${port()}/essay.html?idn`;
    const punycode = `http://xn--bcher-kva.test:${port()}/essay.html?idn`;
    const page = await suite.launched().browser.newPage();
    await page.goto(unicode);
    // The browser itself shows the page at the punycode address.
    expect(page.url()).toBe(punycode);
    const { quote, stored } = await highlight(page, 'article p:nth-of-type(3)');
    expect(stored.map((a) => a.url)).toEqual([punycode]);

    await page.goto('about:blank');
    await page.goto(punycode);
    await waitForDrawn(page, quote);
    expect(await drawnQuotes(page)).toEqual([fold(quote)]);
    // The popup asked for the Unicode spelling finds it too.
    expect(await popupQuotes(unicode, 1)).toEqual([fold(quote)]);
    await page.close();
  });

  it('redirects: a highlight is kept under the address the redirect led to, and comes back through either redirect', async () => {
    const final = `${origin()}/essay.html?via-redirect`;
    const page = await suite.launched().browser.newPage();
    await page.goto(`${origin()}/app/redirect-links.html`);
    await Promise.all([page.waitForNavigation(), page.click('#moved')]);
    expect(page.url()).toBe(final);
    const { quote, stored } = await highlight(page, 'article p:nth-of-type(5)');
    expect(stored.map((a) => a.url)).toEqual([final]);
    // Nothing is kept under the address that redirected.
    const before = await ask('page/get', {
      url: `${origin()}/moved/essay.html?via-redirect`,
    });
    expect(before.annotations).toEqual([]);

    await page.goto(`${origin()}/app/redirect-links.html`);
    await Promise.all([page.waitForNavigation(), page.click('#found')]);
    expect(page.url()).toBe(final);
    await waitForDrawn(page, quote);
    expect(await drawnQuotes(page)).toEqual([fold(quote)]);
    await page.close();
  });
});

describe('Chromium: <link rel=canonical>', () => {
  it('two addresses naming one canonical address share their highlights, in the pages and in the popup', async () => {
    const canonical = `${origin()}/app/canonical.html`;
    const print = `${canonical}?view=print`;
    const all = `${canonical}?page=all`;
    const printTab = await suite.launched().browser.newPage();
    await printTab.goto(print);
    const first = await highlight(printTab, '#first');
    // New highlights are kept under the canonical address.
    expect(first.stored.map((a) => a.url)).toEqual([canonical]);

    const allTab = await suite.launched().browser.newPage();
    await allTab.goto(all);
    await waitForDrawn(allTab, first.quote);
    const second = await highlight(allTab, '#third');
    expect(second.stored.map((a) => a.url)).toEqual([canonical]);
    // The print view, still open, draws what was highlighted in the other copy.
    await waitForDrawn(printTab, second.quote);
    expect(await drawnQuotes(printTab)).toEqual([fold(first.quote), fold(second.quote)]);

    const both = [fold(first.quote), fold(second.quote)];
    expect(await popupQuotes(print, 2)).toEqual(both);
    expect(await popupQuotes(all, 2)).toEqual(both);
    expect(await popupQuotes(canonical, 2)).toEqual(both);
    await printTab.close();
    await allTab.close();
  });

  it('a canonical address on another site is not used: the highlight stays with the page', async () => {
    const url = `${origin()}/app/canonical-elsewhere.html`;
    const page = await suite.launched().browser.newPage();
    await page.goto(url);
    const { quote, stored } = await highlight(page, '#text');
    expect(stored.map((a) => a.url)).toEqual([url]);
    await page.reload();
    await waitForDrawn(page, quote);
    await page.close();
  });
});

describe('Chromium: very long addresses', () => {
  /** The essay at an address (without fragment) of exactly `length` characters. */
  const essayAt = (length: number) => {
    const base = `${origin()}/essay.html?state=`;
    return base + 'x'.repeat(length - base.length);
  };

  it(`at ${MAX_URL.toLocaleString('en-US')} characters a highlight is kept and comes back`, async () => {
    const url = essayAt(MAX_URL);
    const page = await suite.launched().browser.newPage();
    // A fragment does not count: single-page apps keep megabytes of state there.
    await page.goto(`${url}#${'y'.repeat(100_000)}`);
    const { quote, stored } = await highlight(page, 'article p:nth-of-type(7)');
    expect(stored.map((a) => a.url.length)).toEqual([MAX_URL]);
    await page.reload();
    await waitForDrawn(page, quote);
    expect(await popupQuotes(url, 1)).toEqual([fold(quote)]);
    await page.close();
  });

  it('one character more: the toolbar and the popup say the address is too long, and nothing is stored', async () => {
    const url = essayAt(MAX_URL + 1);
    const page = await suite.launched().browser.newPage();
    await page.goto(url);
    const quote = await selectUntilToolbar(page, 'article p:nth-of-type(6)', 8);
    await clickHighlight(page, 'chromium');
    const told = await page
      .locator('::-p-aria([role="status"])')
      .filter((el) => (el.textContent ?? '').includes('too long'))
      .map((el) => el.textContent ?? '')
      .wait();
    expect(told).toBe(
      'Marginalia could not save this highlight. This page’s address is too long for Marginalia to keep notes on (65,537 characters; the limit is 65,536, not counting the part after #).',
    );
    expect(await drawnQuotes(page)).toEqual([]);
    expect((await storedWithQuote(quote)).map((a) => a.url.length)).toEqual([]);

    const popup = await openPopup(suite.launched(), url);
    const status = await popup.waitForSelector('main .status');
    expect(await status!.evaluate((el) => el.textContent)).toBe(
      'This page’s address is too long for Marginalia to keep notes on (65,537 characters; the limit is 65,536, not counting the part after #).',
    );
    await popup.close();
    await page.close();
  });
});

describe('Chromium: local files (file:)', () => {
  const fileUrl = pathToFileURL(path.join(root, 'tests/fixtures/essay.html')).href;

  /** Whether our content script started in `page` when it loaded `url` (an isolated world of ours). */
  async function contentScriptRuns(page: Page, url: string): Promise<boolean> {
    const cdp = await page.createCDPSession();
    const worlds: string[] = [];
    cdp.on('Runtime.executionContextCreated', ({ context }) => {
      if (context.auxData?.type === 'isolated') worlds.push(context.origin || context.name);
    });
    await page.goto('about:blank');
    await cdp.send('Runtime.enable');
    // Past load and half a second of quiet: later than Chromium's document_idle.
    await page.goto(url, { waitUntil: 'networkidle0' });
    await cdp.detach();
    const id = new URL(suite.launched().extensionOrigin).host;
    return worlds.some((world) => world.includes(id) || world === 'Marginalia');
  }

  /**
   * Chromium's "Allow access to file URLs" switch. An extension from a store starts with it
   * off; one loaded unpacked (as here) starts with it on, so the test switches it off first.
   */
  const setFileAccess = (allowed: boolean) => setExtensionAccess(suite.launched(), 'fileAccess', allowed);

  it('without file access nothing of Marginalia runs in a file; with it a highlight is saved there and comes back', async () => {
    await setFileAccess(false);
    const page = await suite.launched().browser.newPage();
    expect(await contentScriptRuns(page, fileUrl)).toBe(false);

    await setFileAccess(true);
    expect(await contentScriptRuns(page, `${fileUrl}#part-two`)).toBe(true);
    const { quote, stored } = await highlight(page, 'article p:nth-of-type(8)');
    expect(stored.map((a) => a.url)).toEqual([fileUrl]);

    await page.reload();
    await waitForDrawn(page, quote);
    expect(await drawnQuotes(page)).toEqual([fold(quote)]);
    expect(await popupQuotes(fileUrl, 1)).toEqual([fold(quote)]);

    // A note there too: the note editor (an extension frame) opens in a file and saves.
    await clickQuote(page, quote);
    await pressButton(page, 'chromium', 'edit', 'Note');
    await waitForNoteEditor(page);
    await page.keyboard.type('A note on a local file');
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await page.waitForSelector('marginalia-toolbar', { hidden: true });
    const [noted] = await ask('page/get', { url: fileUrl }).then((r) => r.annotations);
    expect(noted?.note).toBe('A note on a local file');
    await page.close();
  });
});
