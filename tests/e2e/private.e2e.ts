/**
 * Issue 7, private windows, in Chromium on the built dist/chrome. The policy: Marginalia
 * runs in a private window only if the reader allows it in the browser ("Allow in
 * Incognito" on its details page), and even then reads and stores nothing there unless the
 * reader chooses "Highlight in private windows and keep the highlights" in its options.
 *
 * The private window is an off-the-record profile: puppeteer's createBrowserContext() is
 * CDP's Target.createBrowserContext, which Chromium makes an off-the-record profile, and
 * the extension sees its tabs as incognito (`sender.tab.incognito`,
 * `extension.inIncognitoContext`), as in a window opened with Ctrl+Shift+N.
 */
import { type BrowserContext, type Page, TimeoutError } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import type { Name, Req } from '../../src/shared/messages';
import type { Annotation } from '../../src/shared/types';
import { ask as askBackground, waitForStored } from '../support/background';
import { launchChromium } from '../support/browsers';
import { setExtensionAccess } from '../support/chromium-settings';
import { sendFromContentWorld, loadWatchingOurWorld as watchOurWorld } from '../support/content-world';
import { openPopup } from '../support/popup';
import {
  clickHighlight,
  dragSelect,
  drawnQuotes,
  fold,
  selectUntilToolbar,
  waitForDrawn,
  waitForToolbar,
} from '../support/reader';
import { reloadUntilDrawn } from '../support/scenarios';
import { useBrowser } from '../support/suite';

const suite = useBrowser(() => launchChromium());
const origin = () => suite.server().origin;

const REFUSED =
  'Marginalia does not keep highlights made in private windows. You can allow it in Marginalia’s options.';
/**
 * Longer than the toolbar ever takes to appear, or a stored highlight to be drawn, in a
 * normal window. An absence check passes only when its wait runs out (TimeoutError), never
 * on another error, and only after a positive signal: the same page, loaded at the same
 * time in a normal window, has drawn its highlight (our content script ran there and
 * decided), and in the private window our content script's world exists (it ran there).
 */
const WOULD_HAVE_SHOWN = 3_000;

/** Asks the background from an extension page, as the popup does. */
const ask = <N extends Name>(name: N, req: Req<N>) => askBackground(suite.launched(), name, req);

/** The quotes stored for `url`, as the popup reads them. */
async function storedQuotes(url: string): Promise<string[]> {
  const { annotations } = await ask('page/get', { url });
  return annotations.map((a) => fold(a.target.selector.find((s) => s.type === 'TextQuoteSelector')!.exact)).sort();
}

/** Waits (polling storage from an extension page) until exactly `count` highlights are stored for `url`. */
async function waitForStoredCount(url: string, count: number): Promise<string[]> {
  await waitForStored(suite.launched(), url, count, { timeout: 20_000, exactly: true });
  return storedQuotes(url);
}

/** Highlights a passage in a normal window and waits until it is drawn and stored. */
async function highlightInNormalWindow(url: string, paragraph: number): Promise<{ page: Page; quote: string }> {
  const page = await suite.launched().browser.newPage();
  await page.goto(url);
  const quote = await selectUntilToolbar(page, `article p:nth-of-type(${paragraph})`, 8);
  await clickHighlight(page, 'chromium');
  await waitForDrawn(page, quote);
  await waitForStoredCount(url, 1);
  return { page, quote };
}

/** Our content script's world in `page` after loading `url` (see tests/support/content-world.ts). */
const loadWatchingOurWorld = (page: Page, url: string) => watchOurWorld(suite.launched(), page, url);

/** The reader opens Marginalia's options page and picks one of the private-window choices. */
async function choosePrivateWindows(
  label: 'Do nothing in private windows' | 'Highlight in private windows and keep the highlights',
): Promise<void> {
  const options = await suite.launched().browser.newPage();
  await options.goto(`${suite.launched().extensionOrigin}options.html`);
  const choice = await options.waitForSelector(`::-p-aria([name="${label}"][role="radio"])`);
  await choice!.click();
  await options.waitForFunction(
    (label) =>
      document.querySelector('[role="status"]')?.textContent === 'Saved.' &&
      [...document.querySelectorAll('label')].some(
        (l) => l.textContent?.trim() === label && l.querySelector<HTMLInputElement>('input')?.checked,
      ),
    {},
    label,
  );
  await options.close();
}

/** Whether `page` shows nothing of Marginalia: no toolbar host, nothing drawn. */
async function showsNothingOfOurs(page: Page): Promise<boolean> {
  return (await page.$('marginalia-toolbar')) === null && (await drawnQuotes(page)).length === 0;
}

/** A private window: an off-the-record browser context, which the extension must see as incognito. */
async function privateWindow(): Promise<BrowserContext> {
  const context = await suite.launched().browser.createBrowserContext();
  const page = await context.newPage();
  const control = await openPopup(suite.launched(), undefined, 'library');
  const incognito = await control.evaluate(async () => {
    const api = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
    return (await api.tabs.query({})).map((tab) => tab.incognito);
  });
  // Else these tests would prove nothing.
  expect(incognito).toContain(true);
  await control.close();
  await page.close();
  return context;
}

describe('Chromium: private windows', () => {
  it('until the reader allows Marginalia in private windows in the browser, it does not run there', async () => {
    await setExtensionAccess(suite.launched(), 'incognitoAccess', false);
    const url = `${origin()}/essay.html?private=not-allowed`;
    const normal = await suite.launched().browser.newPage();
    expect((await loadWatchingOurWorld(normal, url)).world).toBeDefined();

    const context = await suite.launched().browser.createBrowserContext();
    const page = await context.newPage();
    const { world } = await loadWatchingOurWorld(page, url);
    expect(world).toBeUndefined();
    await context.close();
    await normal.close();
  });

  it('allowed there, by default it does nothing in a private window: no toolbar, the normal window’s highlights are not shown, nothing is stored, and a forged save is refused', async () => {
    await setExtensionAccess(suite.launched(), 'incognitoAccess', true);
    const url = `${origin()}/essay.html?private=default`;
    const normal = await highlightInNormalWindow(url, 2);

    const context = await privateWindow();
    const page = await context.newPage();
    const control = await suite.launched().browser.newPage();
    // The page in the private window and, as the control, in a normal one, at the same time.
    const [{ world, cdp }] = await Promise.all([loadWatchingOurWorld(page, url), control.goto(url)]);
    // The browser did start our content script there: what follows is Marginalia's choice.
    expect(world).toBeDefined();
    // The control draws the highlight: a content script started with the private one has decided.
    await waitForDrawn(control, normal.quote);

    // The highlight made in the normal window is not drawn in the private one.
    await expect(waitForDrawn(page, normal.quote, WOULD_HAVE_SHOWN)).rejects.toThrow(TimeoutError);
    // Selecting text there brings no toolbar.
    const selected = await dragSelect(page, 'article p:nth-of-type(4)', 8);
    expect(fold(selected)).not.toBe('');
    await expect(waitForToolbar(page, WOULD_HAVE_SHOWN)).rejects.toThrow(TimeoutError);
    await control.close();
    expect(await showsNothingOfOurs(page)).toBe(true);

    // A content script there that sends our messages anyway (a subverted one) can neither
    // save nor read: the background refuses messages from private tabs.
    const [kept] = (await ask('page/get', { url })).annotations;
    const forged: Annotation = { ...kept!, id: crypto.randomUUID(), note: 'forged in a private window' };
    expect(await sendFromContentWorld(cdp, world!, 'annotations/save', { annotation: forged, title: 'x' })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: REFUSED },
    });
    expect(await sendFromContentWorld(cdp, world!, 'annotations/list', { url })).toEqual({
      ok: false,
      error: { code: 'forbidden', message: REFUSED },
    });

    // Stored: only the normal window's highlight.
    expect(await storedQuotes(url)).toEqual([fold(normal.quote)]);
    await cdp.detach();
    await context.close();
    await normal.page.close();
  });

  it('with “Highlight in private windows and keep the highlights” chosen, a highlight made in a private window is drawn, kept, and comes back after reload', async () => {
    await setExtensionAccess(suite.launched(), 'incognitoAccess', true);
    const url = `${origin()}/essay.html?private=keep`;
    const normal = await highlightInNormalWindow(url, 3);
    await choosePrivateWindows('Highlight in private windows and keep the highlights');

    const context = await privateWindow();
    const page = await context.newPage();
    await page.goto(url);
    // The normal window's highlight is read there now.
    await waitForDrawn(page, normal.quote);

    const quote = await selectUntilToolbar(page, 'article p:nth-of-type(5)', 8);
    await clickHighlight(page, 'chromium');
    await waitForDrawn(page, quote);
    expect(await waitForStoredCount(url, 2)).toEqual([fold(normal.quote), fold(quote)].sort());
    // Kept: the normal window, still open on the page, draws it too.
    await waitForDrawn(normal.page, quote);

    await reloadUntilDrawn(page, quote);
    expect(await drawnQuotes(page)).toEqual([fold(normal.quote), fold(quote)]);

    // Back to "Do nothing in private windows": a private window reloaded shows nothing again.
    await choosePrivateWindows('Do nothing in private windows');
    // Reloaded together with the normal window's page (the control, which draws both).
    await Promise.all([page.reload({ waitUntil: 'networkidle0' }), normal.page.reload()]);
    await waitForDrawn(normal.page, quote);
    await expect(waitForDrawn(page, quote, WOULD_HAVE_SHOWN)).rejects.toThrow(TimeoutError);
    expect(await showsNothingOfOurs(page)).toBe(true);
    await context.close();
    await normal.page.close();
  });

  it('by default Marginalia’s popup in a private window says it keeps nothing there', async () => {
    await setExtensionAccess(suite.launched(), 'incognitoAccess', true);
    const url = `${origin()}/essay.html?private=popup`;
    const normal = await highlightInNormalWindow(url, 6);

    // A private window as Ctrl+Shift+N opens one, and Marginalia's popup opened there (test
    // code in an extension page). Opened without the reader's click, the popup is not
    // granted activeTab and cannot read the tab's address; what it must not show is from
    // tests/unit/popup-target.test.ts. Here: what the reader reads instead.
    const control = await openPopup(suite.launched(), undefined, 'library');
    const windowId = await control.evaluate(async (url) => {
      const api = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
      const created = await api.windows.create({ incognito: true, url });
      await api.action.openPopup({ windowId: created.id });
      return created.id!;
    }, url);
    const target = await suite
      .launched()
      .browser.waitForTarget((t) => t.url() === `${suite.launched().extensionOrigin}popup.html`);
    const popup = (await target.asPage())!;
    const said = await popup
      .locator('main .status')
      .filter((el) => el.textContent !== 'Loading…')
      .map((el) => el.textContent)
      .wait();
    expect(said).toBe(REFUSED);
    expect(await popup.$$('.highlights .quote')).toEqual([]);

    await control.evaluate(
      (id) => (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome.windows.remove(id),
      windowId,
    );
    await control.close();
    await normal.page.close();
  });
});
