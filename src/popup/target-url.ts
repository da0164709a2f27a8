import { ext } from '../shared/browser';
import { MAX_URL } from '../shared/limits';
import { send } from '../shared/messages';
import { loadOptions } from '../shared/options';
import { urlKey } from '../shared/url-key';

/**
 * The page the popup is about: `?url=` when opened as a page, else the active tab.
 * `'private'`: the active tab is in a private window and the reader has not chosen to keep
 * highlights there, so the popup neither shows nor stores anything about its page, as the
 * page itself does not (the background cannot tell: the popup is an extension page).
 */
export async function targetUrl(
  search: string,
): Promise<{ url: string; title: string; tabId?: number } | 'private' | undefined> {
  const param = new URLSearchParams(search).get('url');
  if (param) return { url: param, title: '' };
  const tab = await ext.activeTab();
  if (tab?.incognito && (await loadOptions()).privateWindows !== 'keep') return 'private';
  // Marginalia's PDF reader: the notes of the PDF it shows, kept under its fingerprint.
  if (tab?.id !== undefined && tab.url?.startsWith(ext.extensionUrl('pdf.html'))) {
    const shown = await send('pdf/shown', { tabId: tab.id });
    return shown.key ? { url: shown.key, title: shown.title || tab.title || '' } : undefined;
  }
  return tab?.url
    ? { url: tab.url, title: tab.title ?? '', ...(tab.id === undefined ? {} : { tabId: tab.id }) }
    : undefined;
}

/**
 * The side panel's page: the active tab of the panel's window, as its content script told
 * the background (the panel outlives the popup's activeTab grant, and Marginalia has no
 * `tabs` permission to read tab addresses); the tab's own address where the browser gives
 * it. The same private-window rule as the popup.
 */
export async function panelTargetUrl(): Promise<{
  tabId: number | undefined;
  found: { url: string; title: string } | 'private' | 'loading' | undefined;
}> {
  const tab = await ext.activeTab();
  if (tab?.id === undefined) return { tabId: undefined, found: undefined };
  if (tab.incognito && (await loadOptions()).privateWindows !== 'keep') return { tabId: tab.id, found: 'private' };
  const { url, loading } = await send('tab/page', { tabId: tab.id }).catch(() => ({ url: null, loading: false }));
  if (loading) return { tabId: tab.id, found: 'loading' };
  // Marginalia's PDF reader registers its tab under the PDF's key once it has opened it
  // (pdf-tabs.ts); until then, or if that was forgotten, the key it last said it shows.
  if (url === null && tab.url?.startsWith(ext.extensionUrl('pdf.html'))) {
    const shown = await send('pdf/shown', { tabId: tab.id }).catch(() => ({ key: null, title: '' }));
    return { tabId: tab.id, found: shown.key ? { url: shown.key, title: shown.title || tab.title || '' } : undefined };
  }
  const address = url ?? tab.url;
  return { tabId: tab.id, found: address ? { url: address, title: tab.title ?? '' } : undefined };
}

export type Target =
  | { kind: 'loading' }
  | { kind: 'page'; url: string; title: string; tabId?: number }
  | { kind: 'none' }
  | { kind: 'private' }
  | { kind: 'too-long'; length: number };

/** What the popup shows for the page found. */
export function targetOf(
  found: { url: string; title: string; tabId?: number } | 'private' | 'loading' | undefined,
): Target {
  if (found === 'private') return { kind: 'private' };
  if (found === 'loading') return { kind: 'loading' };
  const key = found && urlKey(found.url);
  if (key && key.length > MAX_URL) return { kind: 'too-long', length: key.length };
  if (!key) return { kind: 'none' };
  return { kind: 'page', url: key, title: found.title, ...(found.tabId === undefined ? {} : { tabId: found.tabId }) };
}
