import { ext, extPages } from '../shared/browser';
import { t } from '../shared/i18n';
import { loadOptions, OPTIONS_KEY } from '../shared/options';
import { namesPdf, readerUrl } from '../shared/pdf-key';

/**
 * Opening PDFs in Marginalia's reader (pdf.html).
 *
 * Automatically: a declarativeNetRequest rule redirects top-level navigations to PDFs to
 * the reader. It is the one mechanism both browsers' MV3 offer for this (blocking
 * webRequest is gone from Chromium's MV3, and a content script never runs in the
 * browsers' own PDF viewers). Two conditions:
 * - an address whose path ends in `.pdf`, in both browsers;
 * - in Chromium also any response whose Content-Type is application/pdf (the
 *   `responseHeaders` condition, Chromium 128+), for PDFs served from addresses like
 *   `/download?id=42`. Firefox has no such condition: it refuses the rule, and there only
 *   the `.pdf` rule is installed; such PDFs open by hand (popup, context menu).
 * `file:` addresses never reach declarativeNetRequest: in Chromium a small content script
 * in the browser's viewer page of a local PDF asks instead (src/content/local-pdf.ts,
 * openLocalPdf below); in Firefox local PDFs open with "Open a PDF file…" in the reader.
 *
 * By hand: "Open in Marginalia" on a PDF page's or a PDF link's context menu, and in the
 * popup. The reader's link back to the browser's own viewer adds a session rule that lets
 * that one address through in that one tab (see allowOriginal).
 */

const BY_NAME = 1;
const BY_TYPE = 2;
const MENU_PAGE = 'open-pdf-page';
const MENU_LINK = 'open-pdf-link';
const PDF_PATTERNS = ['http://*/*.pdf', 'https://*/*.pdf', 'http://*/*.pdf?*', 'https://*/*.pdf?*', 'file:///*.pdf'];
/** Session rules that let an address through to the browser's viewer: above the redirects. */
const ALLOW_PRIORITY = 2;
const FIRST_ALLOW_ID = 1000;

function redirectTo(): { type: 'redirect'; redirect: { regexSubstitution: string } } {
  // The address goes into the query as it is (a substitution cannot encode it): the
  // reader takes everything after `file=` (readerFile in pdf-key.ts).
  return { type: 'redirect', redirect: { regexSubstitution: `${ext.extensionUrl('pdf.html')}?file=\\0` } };
}

function rules(): { byName: unknown; byType: unknown } {
  return {
    byName: {
      id: BY_NAME,
      priority: 1,
      // The fragment is part of the address the rule sees (`#page=N`, as Markdown links
      // have it); it goes along to the reader, which honours it.
      condition: { regexFilter: '^https?://[^?#]*\\.[Pp][Dd][Ff]([?][^#]*)?(#.*)?$', resourceTypes: ['main_frame'] },
      action: redirectTo(),
    },
    byType: {
      id: BY_TYPE,
      priority: 1,
      condition: {
        regexFilter: '^https?://[^#]*(#.*)?$',
        resourceTypes: ['main_frame'],
        responseHeaders: [{ header: 'content-type', values: ['application/pdf', 'application/pdf;*'] }],
      },
      action: redirectTo(),
    },
  };
}

/** Installs or removes the redirect rules as the option says. */
export async function syncPdfRules(): Promise<void> {
  const { openPdfs } = await loadOptions();
  const remove = [BY_NAME, BY_TYPE];
  if (!openPdfs) return extPages.setDynamicRules(remove, []);
  // One update removes and adds together: the rules persist across the worker's restarts,
  // and a remove followed by an add left a moment at every start when a PDF the reader
  // opened went to the browser's viewer.
  const { byName, byType } = rules();
  try {
    await extPages.setDynamicRules(remove, [byName, byType]);
  } catch {
    // Firefox: no responseHeaders condition. The address rule alone.
    await extPages.setDynamicRules(remove, [byName]);
  }
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let nextAllowId = FIRST_ALLOW_ID;
const allowByTab = new Map<number, number>();

/**
 * The reader's "Open in the browser's viewer": this address, in this tab, is left to the
 * browser from now on (for this browser session), so the redirect does not bring the
 * reader straight back.
 */
export async function allowOriginal(url: string, tabId: number | undefined): Promise<void> {
  if (url.startsWith('file:')) return tabId === undefined ? undefined : allowLocal(tabId, url);
  if (!/^https?:/.test(url)) return;
  if (nextAllowId === FIRST_ALLOW_ID) {
    // A restarted worker: continue after the rules the session already has.
    const ids = await extPages.sessionRuleIds();
    nextAllowId = Math.max(FIRST_ALLOW_ID, ...ids.map((id) => id + 1));
  }
  const id = nextAllowId++;
  const old = tabId === undefined ? undefined : allowByTab.get(tabId);
  await extPages.setSessionRules(old === undefined ? [] : [old], [
    {
      id,
      priority: ALLOW_PRIORITY,
      condition: {
        regexFilter: `^${escapeRegex(url.replace(/#.*$/s, ''))}(#.*)?$`,
        resourceTypes: ['main_frame'],
        ...(tabId === undefined ? {} : { tabIds: [tabId] }),
      },
      action: { type: 'allow' },
    },
  ]);
  if (tabId !== undefined) allowByTab.set(tabId, id);
}

/** Local PDFs left to the browser's viewer, by tab (session storage: the worker stops when idle). */
const LOCAL_ALLOWED_KEY = 'pdfLocalAllowed';
const withoutFragment = (url: string) => url.replace(/#.*$/s, '');

async function allowLocal(tabId: number, url: string): Promise<void> {
  const allowed = (await ext.getSession<Record<string, string>>(LOCAL_ALLOWED_KEY)) ?? {};
  await ext.setSession({ [LOCAL_ALLOWED_KEY]: { ...allowed, [tabId]: withoutFragment(url) } });
}

/**
 * A local PDF shown in the browser's viewer in tab `tabId` (its content script asked): the
 * tab goes to the reader, unless automatic opening is off, the reader chose the browser's
 * viewer for this file in this tab, or the window is private (the reader keeps no notes
 * there; a web PDF's redirect is the browser's, this one is ours to decline).
 */
export async function openLocalPdf(sender: {
  url?: string;
  tab?: { id?: number; incognito?: boolean };
}): Promise<boolean> {
  const { url, tab } = sender;
  if (!url?.startsWith('file:') || tab?.id === undefined || tab.incognito) return false;
  if (!(await loadOptions()).openPdfs) return false;
  const allowed = await ext.getSession<Record<string, string>>(LOCAL_ALLOWED_KEY);
  if (allowed?.[tab.id] === withoutFragment(url)) return false;
  await extPages.navigateTab(tab.id, readerUrl(ext.extensionUrl('pdf.html'), url));
  return true;
}

export function registerPdfOpening(): void {
  extPages.createMenuOn(MENU_PAGE, t('openInMarginalia'), ['page'], PDF_PATTERNS);
  extPages.createMenuOn(MENU_LINK, t('openInMarginalia'), ['link'], PDF_PATTERNS);
  extPages.onMenuClickAt((menuId, link, page, tabId) => {
    if (menuId === MENU_LINK && link && namesPdf(link)) void ext.openTab(readerUrl(ext.extensionUrl('pdf.html'), link));
    else if (menuId === MENU_PAGE && page && namesPdf(page))
      void extPages.navigateTab(tabId, readerUrl(ext.extensionUrl('pdf.html'), page));
  });
  extPages.onStoredChange(OPTIONS_KEY, () => void syncPdfRules().catch(() => undefined));
  void syncPdfRules().catch((error: unknown) => console.warn('Marginalia: PDF rules not installed', error));
}
