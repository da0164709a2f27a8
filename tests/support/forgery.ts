import type { Page } from 'puppeteer-core';

/**
 * The page posts our own message envelopes to itself, as a page that read our source would:
 * a save of a planted annotation (id `id`, on "This paragraph"), a request for everything,
 * and an "annotations/changed" event carrying the planted one. The content script listens
 * to no window message, so none of it should do anything.
 */
export async function postForgedMessages(page: Page, url: string, id: string): Promise<void> {
  await page.evaluate(
    (url, id) => {
      const forged = {
        id,
        url,
        target: { selector: [{ type: 'TextQuoteSelector', exact: 'This paragraph', prefix: '', suffix: '' }] },
        color: 'yellow',
        note: 'planted',
        tags: [],
        createdAt: '2025-01-01T00:00:00.000Z',
        updatedAt: '2025-01-01T00:00:00.000Z',
      };
      window.postMessage(
        { marginalia: 1, name: 'annotations/save', req: { annotation: forged, title: 'Forged' } },
        '*',
      );
      window.postMessage({ marginalia: 1, name: 'library/everything', req: {} }, '*');
      window.postMessage(
        { marginaliaEvent: 1, name: 'annotations/changed', payload: { url, saved: [forged], deleted: [] } },
        '*',
      );
    },
    url,
    id,
  );
}
