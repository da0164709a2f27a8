/**
 * Acting from our content script's isolated world in a Chromium page, through CDP: test
 * code that sends our messages exactly as the content script (or a subverted one) would,
 * with the page's tab as the sender. WebDriver BiDi cannot reach extension realms, so this
 * is Chromium only.
 */
import type { CDPSession, Page } from 'puppeteer-core';
import type { Launched } from './browsers';

export interface ContentWorld {
  /** The execution context id of our content script's world, if the browser started it. */
  world: number | undefined;
  cdp: CDPSession;
}

/**
 * Loads `url` in `page` and returns the id of our content script's isolated world there,
 * if the browser started our content script at all. The session stays open so that test
 * code can act from that world.
 */
export async function loadWatchingOurWorld(launched: Launched, page: Page, url: string): Promise<ContentWorld> {
  const cdp = await page.createCDPSession();
  const id = new URL(launched.extensionOrigin).host;
  let world: number | undefined;
  cdp.on('Runtime.executionContextCreated', ({ context }) => {
    if (context.auxData?.type === 'isolated' && (context.origin.includes(id) || context.name === 'Marginalia')) {
      world = context.id;
    }
  });
  await cdp.send('Runtime.enable');
  // Past load and half a second of quiet: later than Chromium's document_idle.
  await page.goto(url, { waitUntil: 'networkidle0' });
  return { world, cdp };
}

/** Runs `fn(arg)` in our content script's world and returns its (awaited, JSON-able) result. */
export async function evaluateInContentWorld<A, R>(
  { cdp, world }: ContentWorld,
  fn: (arg: A) => R | Promise<R>,
  arg: A,
): Promise<R> {
  if (world === undefined) throw new Error('our content script does not run in this page');
  const { result, exceptionDetails } = await cdp.send('Runtime.evaluate', {
    contextId: world,
    expression: `(${fn.toString()})(${JSON.stringify(arg)})`,
    awaitPromise: true,
    returnByValue: true,
  });
  if (exceptionDetails) throw new Error(exceptionDetails.exception?.description ?? exceptionDetails.text);
  return result.value as R;
}

/** Sends one of our messages from our content script's world in a page, and returns the reply. */
export async function sendFromContentWorld(
  cdp: CDPSession,
  world: number,
  name: string,
  req: unknown,
): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  return evaluateInContentWorld(
    { cdp, world },
    (message) =>
      (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome.runtime.sendMessage(
        message,
      ) as Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }>,
    { marginalia: 1, name, req },
  );
}
