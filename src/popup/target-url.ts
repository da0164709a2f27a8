import { ext } from '../shared/browser';
import { send } from '../shared/messages';
import { loadOptions } from '../shared/options';

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
