import { ext } from '../shared/browser';
import { tabRequest } from '../shared/events';
import { readerUrl } from '../shared/pdf-key';
import { placeHash } from '../shared/pdf-place';
import { pageOf } from '../shared/types';
import { registerTab, tabsShowing } from './broadcast';
import * as db from './db';

/**
 * Which PDF each reader tab shows (its fingerprint key, where it was read, its title), so
 * the popup opened over a reader shows that PDF's notes. Learnt from the reader's
 * `pdf/open`; mirrored in storage.session because the service worker stops when idle.
 */
export interface ShownPdf {
  key: string;
  source: string | null;
  title: string;
}

const SESSION_KEY = 'pdfTabs';
const shown = new Map<number, ShownPdf>();

const restored: Promise<void> = ext
  .getSession<Record<string, ShownPdf>>(SESSION_KEY)
  .then((saved) => {
    for (const [tabId, pdf] of Object.entries(saved ?? {}))
      if (!shown.has(Number(tabId))) shown.set(Number(tabId), pdf);
  })
  .catch(() => undefined);

export function rememberPdfTab(tabId: number, pdf: ShownPdf): void {
  shown.set(tabId, pdf);
  ext.setSession({ [SESSION_KEY]: Object.fromEntries(shown) }).catch(() => undefined);
  // The reader tab is registered as a web page's tab is, under the PDF's key: Jump to and
  // Re-attach reach it (the reader answers the same tab requests as a content script), the
  // side panel follows it (`tab/page`), and changes made elsewhere are sent to it.
  registerTab(tabId, pdf.key);
}

export async function pdfInTab(tabId: number): Promise<ShownPdf | undefined> {
  await restored;
  return shown.get(tabId);
}

/**
 * Jump to a PDF's highlight: in a reader tab that shows the PDF (brought to the front,
 * scrolled there), or else in a new reader tab opened at the address the PDF was read at,
 * on the highlight's page and scrolled to it (`#page=N&annotation=<id>`, see pdf-place.ts).
 * Not found when no reader shows it and its address is unknown (opened from disk).
 */
export async function jumpInPdf(key: string, id: string): Promise<{ found: boolean }> {
  for (const tabId of await tabsShowing(key)) {
    await ext.activateTab(tabId).catch(() => undefined);
    // A tab that has since gone elsewhere answers nothing: the next, or a new reader.
    const answer = (await ext.sendToTab(tabId, tabRequest('tab/jump', { id })).catch(() => undefined)) as
      | { found: boolean }
      | undefined;
    if (answer) return answer;
  }
  const annotation = await db.getAnnotation(id);
  // Its own record first: a note of an earlier version of the PDF is kept under that key.
  const source = (annotation && (await db.pageFor(annotation.url))?.source) || (await db.pageFor(key))?.source;
  if (!source) return { found: false };
  const index = annotation && pageOf(annotation)?.index;
  const place = placeHash({ ...(index === undefined ? {} : { page: index + 1 }), annotation: id });
  await ext.openTab(`${readerUrl(ext.extensionUrl('pdf.html'), source)}${place}`);
  return { found: true };
}
