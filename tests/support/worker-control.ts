import type { CDPSession, Page } from 'puppeteer-core';
import type { Launched } from './browsers';

/**
 * A CDP session that can stop the extension's service worker, and lets it start again:
 * Chromium keeps a restarting worker paused for puppeteer's debugger (puppeteer#9995), so
 * the worker is resumed as a browser without a debugger would run it. `stops()` counts how often it was seen stopped.
 */
export async function workerControl(
  launched: Launched,
  page: Page,
): Promise<{ stop(): Promise<void>; stops(): number; session: CDPSession }> {
  const session = await page.createCDPSession();
  let stops = 0;
  await session.send('ServiceWorker.enable');
  session.on('ServiceWorker.workerVersionUpdated', (event) => {
    if (event.versions.some((v) => v.runningStatus === 'stopped' && v.scriptURL.startsWith(launched.extensionOrigin)))
      stops++;
    if (!event.versions.some((v) => v.runningStatus === 'starting')) return;
    const target = launched.browser
      .targets()
      .find((t) => t.type() === 'service_worker' && t.url().startsWith(launched.extensionOrigin));
    void target
      ?.createCDPSession()
      .then(async (worker) => {
        await worker.send('Runtime.runIfWaitingForDebugger');
        await worker.detach();
      })
      .catch(() => undefined);
  });
  return {
    session,
    stops: () => stops,
    stop: async () => {
      await session.send('ServiceWorker.stopAllWorkers');
    },
  };
}
