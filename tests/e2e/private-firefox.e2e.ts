/**
 * Issue 7, private windows, in Firefox ESR on the built dist/firefox.
 *
 * How a private window is had here: WebDriver BiDi cannot open one (its
 * `browser.createUserContext`, puppeteer's createBrowserContext(), is a container, not
 * private browsing), so Firefox is started in permanent private browsing
 * (`browser.privatebrowsing.autostart`, the "Always use private browsing mode" setting):
 * every window is private, and extensions see every tab as incognito.
 *
 * How Marginalia is allowed there: a temporary add-on (what puppeteer installs) gets no
 * private-browsing access, and the reader's switch ("Run in Private Windows" in
 * about:addons) cannot be driven: BiDi may not open about:addons. The same permission is
 * granted by an enterprise policy (`ExtensionSettings` › `private_browsing`), which Firefox
 * reads from `browser.policies.alternatePath` only in automation
 * (`security.turn_off_all_security_so_that_viruses_can_take_over_this_computer` and
 * `MOZ_DISABLE_NONLOCAL_CONNECTIONS=1`; the fixture server is local).
 *
 * Whether our content script was injected is seen from the page: the browser injects
 * content.css with it, which styles `<marginalia-highlight>`.
 *
 * What cannot be driven in Firefox, and is covered in Chromium (private.e2e.ts): the
 * option "Highlight in private windows and keep the highlights" (puppeteer may not open
 * moz-extension:// pages, so not the options page); a normal window beside a private one
 * (so not "the normal window's highlights are not shown there"); what is stored, and
 * messages forged from the content script's world (BiDi reaches neither the background
 * nor the content script's sandbox).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Page, TimeoutError } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { GECKO_ID, launchFirefox } from '../support/browsers';
import { dragSelect, drawnQuotes, fold, waitForToolbar } from '../support/reader';
import { useBrowser } from '../support/suite';

/**
 * Longer than the toolbar ever takes to appear, or our stylesheet to be injected, in a
 * normal window. An absence check passes only when its wait runs out (TimeoutError), never
 * on another error. The positive signal before it: where Marginalia is allowed, the browser
 * has injected our stylesheet, which comes with the content script. Not had here: a signal
 * that the content script has decided (it sets nothing a page can see, and with every
 * window private there is no normal window for a control page); Chromium's private.e2e.ts
 * waits for a control page loaded at the same time in a normal window.
 */
const WOULD_HAVE_SHOWN = 3_000;

/** Firefox in permanent private browsing; `allowed`: Marginalia may run in private windows. */
async function launchPrivate(allowed: boolean) {
  const prefs: Record<string, unknown> = { 'browser.privatebrowsing.autostart': true };
  if (!allowed) return launchFirefox({ prefs });
  const dir = await mkdtemp(path.join(tmpdir(), 'marginalia-policies-'));
  const policies = path.join(dir, 'policies.json');
  await writeFile(
    policies,
    JSON.stringify({ policies: { ExtensionSettings: { [GECKO_ID]: { private_browsing: true } } } }),
  );
  return launchFirefox({
    prefs: {
      ...prefs,
      'browser.policies.alternatePath': policies,
      'security.turn_off_all_security_so_that_viruses_can_take_over_this_computer': true,
    },
    env: { MOZ_DISABLE_NONLOCAL_CONNECTIONS: '1' },
  });
}

/** Waits until the browser has injected our content script's stylesheet into `page`. */
async function waitForOurStylesheet(page: Page, timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const probe = document.createElement('marginalia-highlight');
      probe.dataset.color = 'yellow';
      document.body.append(probe);
      const colour = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return colour === 'rgba(255, 214, 10, 0.45)';
    },
    { timeout, polling: 100 },
  );
}

describe('Firefox: a private window where Marginalia is not allowed', () => {
  const suite = useBrowser(() => launchPrivate(false));

  it('Marginalia does not run there at all', async () => {
    const page = await suite.launched().browser.newPage();
    await page.goto(`${suite.server().origin}/essay.html?private=not-allowed`);
    await expect(waitForOurStylesheet(page, WOULD_HAVE_SHOWN)).rejects.toThrow(TimeoutError);
    await page.close();
  });
});

describe('Firefox: a private window where Marginalia is allowed, by default', () => {
  const suite = useBrowser(() => launchPrivate(true));

  it('Marginalia is there but does nothing: selecting text brings no toolbar and nothing is drawn', async () => {
    const page = await suite.launched().browser.newPage();
    await page.goto(`${suite.server().origin}/essay.html?private=default`);
    // The browser did inject our content script: what follows is Marginalia's choice.
    await waitForOurStylesheet(page);

    const selected = await dragSelect(page, 'article p:nth-of-type(2)', 8);
    expect(fold(selected)).not.toBe('');
    await expect(waitForToolbar(page, WOULD_HAVE_SHOWN)).rejects.toThrow(TimeoutError);
    expect(await page.$('marginalia-toolbar')).toBeNull();
    expect(await drawnQuotes(page)).toEqual([]);
    await page.close();
  });
});
