import { ext } from '../shared/browser';
import { type EventName, type Events, eventMessage } from '../shared/events';

/**
 * Which tabs show which page, learnt from their content scripts' messages, so changes
 * reach exactly the tabs that draw that page (no `tabs` permission needed). Kept in
 * memory: after the service worker restarts, tabs register again with their next message.
 */
const tabsByUrl = new Map<string, Set<number>>();
const urlByTab = new Map<number, string>();
/** The latest orphans each page reported, for a popup opened later. */
const orphansByUrl = new Map<string, string[]>();

export function registerTab(tabId: number, url: string): void {
  const previous = urlByTab.get(tabId);
  if (previous === url) return;
  if (previous) tabsByUrl.get(previous)?.delete(tabId);
  urlByTab.set(tabId, url);
  const tabs = tabsByUrl.get(url) ?? new Set<number>();
  tabsByUrl.set(url, tabs);
  tabs.add(tabId);
}

/** Tabs showing `url`, most recently registered first. */
export function tabsShowing(url: string): number[] {
  return [...(tabsByUrl.get(url) ?? [])].reverse();
}

export function rememberOrphans(url: string, orphans: string[]): void {
  orphansByUrl.set(url, orphans);
}

export function orphansOf(url: string): string[] | null {
  return orphansByUrl.get(url) ?? null;
}

/** Sends an event to our extension pages and to every tab showing `url`. */
export function broadcast<E extends EventName>(
  name: E,
  payload: Events[E] & { url: string },
  exceptTab?: number,
): void {
  const message = eventMessage(name, payload);
  // Nobody listening (no popup open) is the usual case, not an error.
  ext.sendMessage(message).catch(() => undefined);
  for (const tabId of tabsByUrl.get(payload.url) ?? []) {
    if (tabId === exceptTab) continue;
    ext.sendToTab(tabId, message).catch(() => {
      tabsByUrl.get(payload.url)?.delete(tabId);
      urlByTab.delete(tabId);
    });
  }
}
