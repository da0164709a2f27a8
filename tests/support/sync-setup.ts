import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import type { SyncSetup } from '../../src/shared/sync-types';
import type { Launched } from './browsers';

/** Options → Sync in one profile, driven by the accessible names a reader (or a screen reader) uses. */
export async function openSyncOptions(launched: Launched): Promise<Page> {
  const page = await launched.browser.newPage();
  await page.goto(`${launched.extensionOrigin}options.html`);
  await page.waitForSelector('::-p-aria([name="Sync"][role="group"])');
  return page;
}

const FIELDS: [keyof SyncSetup, string][] = [
  ['server', 'Server address'],
  ['database', 'Database'],
  ['username', 'User name'],
  ['password', 'Password'],
  ['passphrase', 'Passphrase'],
];

/** Types the setup into the five text boxes, found by their names, replacing what was there. */
export async function fillSyncForm(page: Page, setup: SyncSetup): Promise<void> {
  await page.bringToFront();
  for (const [key, name] of FIELDS) {
    const box = page.locator(`::-p-aria([name="${name}"][role="textbox"])`);
    await box.fill(setup[key]);
  }
}

/**
 * Clicks a button of the Sync section. The tab is brought to the front first, as a reader
 * looks at it: a tab in the background runs no animation frames, which puppeteer's click
 * waits for.
 */
export async function pressSyncButton(page: Page, name: string): Promise<void> {
  await page.bringToFront();
  await page.locator(`::-p-aria([name="${name}"][role="button"])`).click();
}

/** What the Sync section says back after a button (its alert), once it says something other than progress. */
export async function syncAnswer(page: Page, timeout = 30_000): Promise<string> {
  const handle = await page.waitForFunction(
    () => {
      const text = document.querySelector('.sync [role="alert"]')?.textContent?.trim() ?? '';
      return text && !text.endsWith('…') ? text : false;
    },
    { timeout, polling: 100 },
  );
  return (await handle.jsonValue()) as string;
}

/** The sync status line the reader sees (options page or popup). */
export function statusText(page: Page): Promise<string> {
  return page.evaluate(() => document.querySelector('.sync-state')?.textContent?.trim() ?? '');
}

/** Waits until the status line matches `pattern`; returns its text. */
export async function waitForStatus(page: Page, pattern: RegExp, timeout = 30_000): Promise<string> {
  try {
    await page.waitForFunction(
      (source, flags) => new RegExp(source, flags).test(document.querySelector('.sync-state')?.textContent ?? ''),
      { timeout, polling: 100 },
      pattern.source,
      pattern.flags,
    );
  } catch (error) {
    throw new Error(`the sync status never matched ${pattern}; it says "${await statusText(page)}" (${error})`);
  }
  return statusText(page);
}

/**
 * Lets the extension reach `origin` as a person would: headless Chromium cannot answer the
 * permission prompt that Turn on sync raises, so the grant is made where a person can make
 * it by hand, on chrome://extensions (the extension's details, "Site access", "Add a site"),
 * through that page's own `chrome.developerPrivate.addHostPermission`. Nothing in the
 * extension changes for the test. Returns whether the extension held it already (then the
 * prompt would not even appear). Found in Chromium 156: without this grant the request
 * stays pending for ever (the prompt is up, unseen); with it, the request answers true.
 */
export async function grantOriginAsAPerson(launched: Launched, origin: string): Promise<{ before: boolean }> {
  const page = await launched.browser.newPage();
  try {
    await page.goto(`${launched.extensionOrigin}options.html`);
    const holds = () =>
      page.evaluate(
        (origin) =>
          (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome.permissions.contains({
            origins: [`${origin}/*`],
          }),
        origin,
      );
    const before = await holds();
    if (before) return { before };
    const extensions = await launched.browser.newPage();
    try {
      await extensions.goto('chrome://extensions');
      await extensions.evaluate(
        async (id, pattern) => {
          const api = (
            globalThis as unknown as {
              chrome: { developerPrivate: { addHostPermission(id: string, host: string): Promise<void> } };
            }
          ).chrome.developerPrivate;
          await api.addHostPermission(id, pattern);
        },
        new URL(launched.extensionOrigin).host,
        `${origin}/*`,
      );
    } finally {
      await extensions.close();
    }
    // Granted, not yet active: the extension's own permissions.request (Turn on sync) now
    // resolves true at once, without a prompt, and makes it active (`contains` true).
    return { before };
  } finally {
    await page.close();
  }
}

/** test-results/screenshots, or docs/screenshots (the README's) when UPDATE_SCREENSHOTS=1. */
const SCREENSHOTS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  process.env.UPDATE_SCREENSHOTS ? '../../docs/screenshots' : '../../test-results/screenshots',
);

/** A picture of one part of the page (`selector`), for a person to look at. */
export async function screenshotOf(page: Page, selector: string, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const element = await page.waitForSelector(selector);
  await element!.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) as `${string}.png` });
}
