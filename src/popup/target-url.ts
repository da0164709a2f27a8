import { ext } from '../shared/browser';

/** The page the popup is about: `?url=` when opened as a page, else the active tab. */
export async function targetUrl(search: string): Promise<{ url: string; title: string } | undefined> {
  const param = new URLSearchParams(search).get('url');
  if (param) return { url: param, title: '' };
  const tab = await ext.activeTab();
  return tab?.url ? { url: tab.url, title: tab.title ?? '' } : undefined;
}
