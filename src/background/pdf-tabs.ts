import { ext } from '../shared/browser';

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
}

export async function pdfInTab(tabId: number): Promise<ShownPdf | undefined> {
  await restored;
  return shown.get(tabId);
}
