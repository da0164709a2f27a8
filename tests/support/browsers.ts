import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer, { type Browser } from 'puppeteer-core';
import { CHROMIUM_FLAGS, chromiumPath, firefoxPath } from '../../scripts/browser-paths.mjs';
import { proxyPrefs, startRecordingProxy } from './recording-proxy';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROME_DIST = path.join(root, 'dist/chrome');
export const FIREFOX_DIST = path.join(root, 'dist/firefox');
export const GECKO_ID = 'marginalia@marginalia.example';
/** Fixed through `extensions.webextensions.uuids`, so tests know the moz-extension:// origin. */
export const FIREFOX_UUID = '5b7f2d9c-0d5e-4a55-9a8f-4f3f7e2a1c01';

export interface Launched {
  browser: Browser;
  name: 'chromium' | 'firefox';
  /** chrome-extension://<id>/ or moz-extension://<uuid>/ */
  extensionOrigin: string;
  /**
   * Network requests the extension itself made. Chromium: from its service worker, its
   * pages, or its content script (seen through CDP). Firefox: every request that is not to
   * the fixture server, seen by a recording proxy (tests/support/recording-proxy.ts).
   * Marginalia makes none; every e2e file checks this.
   */
  extensionRequests(): string[];
}

const LOCAL = /^(chrome-extension|moz-extension|data|blob|about):/;

/** Records every request made by the extension's own code, wherever it runs. */
async function watchExtensionRequests(browser: Browser, extensionOrigin: string): Promise<string[]> {
  const seen: string[] = [];
  const fromExtension = (initiator: { url?: string; stack?: { callFrames: { url: string }[] } } | undefined) =>
    !!initiator &&
    (initiator.url?.startsWith(extensionOrigin) ||
      initiator.stack?.callFrames.some((frame) => frame.url.startsWith(extensionOrigin)));
  const watchPage = async (target: import('puppeteer-core').Target) => {
    if (target.type() === 'service_worker' && target.url().startsWith(extensionOrigin)) {
      const cdp = await target.createCDPSession();
      cdp.on('Network.requestWillBeSent', (event) => {
        if (!LOCAL.test(event.request.url)) seen.push(`service worker: ${event.request.url}`);
      });
      await cdp.send('Network.enable');
      return;
    }
    const page = await target.page();
    if (!page) return;
    page.on('request', (request) => {
      const url = request.url();
      if (LOCAL.test(url)) return;
      const byExtensionPage = page.url().startsWith(extensionOrigin);
      if (byExtensionPage || fromExtension(request.initiator())) seen.push(`${page.url()}: ${url}`);
    });
  };
  browser.on('targetcreated', (target) => void watchPage(target).catch(() => undefined));
  for (const target of browser.targets()) await watchPage(target).catch(() => undefined);
  return seen;
}

/**
 * `args`: extra command-line flags for this launch (one test file's needs, such as host rules).
 * `executablePath` and `env`: a wrapper that runs Chromium in a setting of its own (see
 * tests/support/small-disk.ts).
 */
export async function launchChromium({
  args = [],
  executablePath = chromiumPath(),
  env,
  extension = CHROME_DIST,
}: {
  args?: string[];
  executablePath?: string;
  env?: Record<string, string | undefined>;
  /** The unpacked extension to load (a store zip unpacked, in package.e2e.ts). */
  extension?: string;
} = {}): Promise<Launched> {
  const browser = await puppeteer.launch({
    executablePath,
    ...(env ? { env } : {}),
    headless: true,
    pipe: true,
    enableExtensions: [extension],
    // Root or not, the tests run without Chromium's sandbox, as CI does.
    args: ['--no-sandbox', '--disable-gpu', ...CHROMIUM_FLAGS, '--window-size=1280,900', ...args],
    defaultViewport: { width: 1280, height: 900 },
  });
  const worker = await browser.waitForTarget(
    (target) => target.type() === 'service_worker' && target.url().endsWith('/background.js'),
    { timeout: 20_000 },
  );
  const extensionOrigin = `chrome-extension://${new URL(worker.url()).host}/`;
  const requests = await watchExtensionRequests(browser, extensionOrigin);
  return { browser, name: 'chromium', extensionOrigin, extensionRequests: () => [...requests] };
}

let fixtureOrigin: string | undefined;
/** The fixture server the next browser will load pages from (set by useBrowser). */
export function setFixtureOrigin(origin: string): void {
  fixtureOrigin = origin;
}

/**
 * `prefs`: extra Firefox preferences for this launch (one test file's needs); `env`: extra
 * environment variables for the browser; `served`: hosts besides the fixture server's that
 * the fixture server answers for (the proxy passes them on, as for `*.test` in
 * urls-firefox.e2e.ts).
 */
export async function launchFirefox({
  prefs = {},
  env = {},
  served,
  extension = FIREFOX_DIST,
}: {
  prefs?: Record<string, unknown>;
  env?: Record<string, string>;
  served?: (host: string) => boolean;
  /** The unpacked extension to install (a store zip unpacked, in package-firefox.e2e.ts). */
  extension?: string;
} = {}): Promise<Launched> {
  if (!fixtureOrigin) throw new Error('launchFirefox needs the fixture server: launch it through useBrowser');
  const proxy = await startRecordingProxy(fixtureOrigin, served);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(),
    headless: true,
    env: { ...process.env, ...env },
    defaultViewport: { width: 1280, height: 900 },
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
      ...proxyPrefs(proxy.port),
      ...prefs,
    },
  });
  browser.once('disconnected', () => void proxy.close());
  await browser.installExtension(extension);
  return {
    browser,
    name: 'firefox',
    extensionOrigin: `moz-extension://${FIREFOX_UUID}/`,
    extensionRequests: () => proxy.recorded(),
  };
}
