import type { Page } from 'puppeteer-core';
import type { Name, Req, Res } from '../../src/shared/messages';
import type { Annotation } from '../../src/shared/types';
import type { Launched } from './browsers';
import { openPopup } from './popup';

/**
 * Asks the background from `extensionPage` (one of our pages), with the message the popup
 * would send, and returns the answer's value; the background's error is thrown.
 */
export function askFrom<N extends Name>(extensionPage: Page, name: N, req: Req<N>): Promise<Res<N>> {
  return extensionPage.evaluate(
    async (name, req) => {
      const api = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
      const reply = (await api.runtime.sendMessage({ marginalia: 1, name, req })) as {
        ok: boolean;
        value?: unknown;
        error?: unknown;
      };
      if (!reply.ok) throw new Error(JSON.stringify(reply.error));
      return reply.value as never;
    },
    name,
    req as never,
  ) as Promise<Res<N>>;
}

/** The same from a library page opened for the one question (Chromium: Firefox cannot open our pages). */
export async function ask<N extends Name>(launched: Launched, name: N, req: Req<N>): Promise<Res<N>> {
  const control = await openPopup(launched, undefined, 'library');
  try {
    return await askFrom(control, name, req);
  } finally {
    await control.close();
  }
}

/** What is stored for `url`, as the popup reads it. */
export async function storedFor(launched: Launched, url: string): Promise<Annotation[]> {
  return (await ask(launched, 'page/get', { url })).annotations;
}

/**
 * Waits until at least `count` annotations (with `exactly`, exactly `count`) are stored for
 * `url`, asking from `extensionPage`, and returns them.
 */
export async function waitForStoredFrom(
  extensionPage: Page,
  url: string,
  count: number,
  { timeout = 15_000, exactly = false } = {},
): Promise<Annotation[]> {
  await extensionPage.waitForFunction(
    async (url, count, exactly) => {
      const api = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
      const reply = (await api.runtime.sendMessage({ marginalia: 1, name: 'page/get', req: { url } })) as {
        ok: boolean;
        value?: { annotations: unknown[] };
      };
      const stored = reply.ok ? reply.value!.annotations.length : -1;
      return exactly ? stored === count : stored >= count;
    },
    { timeout, polling: 250 },
    url,
    count,
    exactly,
  );
  return (await askFrom(extensionPage, 'page/get', { url })).annotations;
}

/** The same from a library page opened for the wait. */
export async function waitForStored(
  launched: Launched,
  url: string,
  count: number,
  options: { timeout?: number; exactly?: boolean } = {},
): Promise<Annotation[]> {
  const control = await openPopup(launched, undefined, 'library');
  try {
    return await waitForStoredFrom(control, url, count, options);
  } finally {
    await control.close();
  }
}
