/**
 * Issue 7, URLs, in Firefox ESR on the built dist/firefox: what the reader sees when one
 * page is reached by different addresses. Puppeteer cannot open moz-extension:// pages, so
 * these tests check what is drawn, not what is stored (urls.e2e.ts checks both in Chromium).
 * Not here: the long-address message (it is in our closed shadow root, which WebDriver BiDi
 * cannot read; Chromium reads it), and local files: Firefox ESR 153 does not start the
 * content script in a file: page for this MV3 add-on installed temporarily (its CSS is not
 * applied there either, also with file:///* in host_permissions), and the permission page
 * where a reader might grant it (about:addons) cannot be driven from here.
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { MAX_URL } from '../../src/shared/limits';
import { launchFirefox } from '../support/browsers';
import { clickHighlight, drawnQuotes, fold, selectUntilToolbar, waitForDrawn } from '../support/reader';
import { reloadUntilDrawn } from '../support/scenarios';
import { type Suite, useBrowser } from '../support/suite';

/**
 * Firefox's proxy (tests/support/recording-proxy.ts) passes every *.test address on to the
 * fixture server (which answers by path), so an IDN host needs no DNS.
 */
const suite: Suite = useBrowser(() => launchFirefox({ served: (host) => host.endsWith('.test') }));

const origin = () => suite.server().origin;

/**
 * Highlights a passage with the mouse, and reloads until it is drawn again: then it is
 * stored, and the test may go to another address.
 */
async function highlightKept(page: Page, selector: string): Promise<string> {
  const quote = await selectUntilToolbar(page, selector, 8);
  await clickHighlight(page, 'firefox');
  await waitForDrawn(page, quote);
  await reloadUntilDrawn(page, quote);
  return quote;
}

describe('Firefox: one page, however its address is written', () => {
  it('tracking parameters and a fragment: a highlight made there is drawn at the plain address', async () => {
    const plain = `${origin()}/essay.html?id=tracked`;
    const page = await suite.launched().browser.newPage();
    await page.goto(`${plain}&utm_source=newsletter&fbclid=IwAR0x#section-2`);
    const quote = await highlightKept(page, 'article p:nth-of-type(2)');
    await page.goto(`${plain}#comments`);
    await waitForDrawn(page, quote);
    await page.goto(`${plain}&gclid=Cj0KCQ`);
    await waitForDrawn(page, quote);
    expect(await drawnQuotes(page)).toEqual([fold(quote)]);
    await page.close();
  });

  it('an IDN host: highlighted at its Unicode address, drawn again at its punycode address', async () => {
    const port = new URL(origin()).port;
    const page = await suite.launched().browser.newPage();
    await page.goto(`http://bücher.test:${port}/essay.html?idn`);
    const quote = await highlightKept(page, 'article p:nth-of-type(3)');
    await page.goto('about:blank');
    await page.goto(`http://xn--bcher-kva.test:${port}/essay.html?idn`);
    await waitForDrawn(page, quote);
    expect(await drawnQuotes(page)).toEqual([fold(quote)]);
    await page.close();
  });

  it('redirects: a highlight made after a 301 comes back through a 302 to the same address', async () => {
    const page = await suite.launched().browser.newPage();
    await page.goto(`${origin()}/moved/essay.html?via-redirect`);
    expect(page.url()).toBe(`${origin()}/essay.html?via-redirect`);
    const quote = await highlightKept(page, 'article p:nth-of-type(5)');
    await page.goto(`${origin()}/found/essay.html?via-redirect`);
    await waitForDrawn(page, quote);
    expect(await drawnQuotes(page)).toEqual([fold(quote)]);
    await page.close();
  });

  it('<link rel=canonical>: a highlight made at one address of an article is drawn at another', async () => {
    const page = await suite.launched().browser.newPage();
    await page.goto(`${origin()}/app/canonical.html?view=print`);
    const quote = await highlightKept(page, '#first');
    await page.goto(`${origin()}/app/canonical.html?page=all`);
    await waitForDrawn(page, quote);
    await page.goto(`${origin()}/app/canonical.html`);
    await waitForDrawn(page, quote);
    expect(await drawnQuotes(page)).toEqual([fold(quote)]);
    await page.close();
  });

  it(`an address of ${MAX_URL.toLocaleString('en-US')} characters keeps its highlight`, async () => {
    const base = `${origin()}/essay.html?state=`;
    const page = await suite.launched().browser.newPage();
    await page.goto(`${base}${'x'.repeat(MAX_URL - base.length)}#${'y'.repeat(10_000)}`);
    await highlightKept(page, 'article p:nth-of-type(7)');
    await page.close();
  });
});
