import { ext } from '../shared/browser';
import { type EventName, type Events, eventMessage } from '../shared/events';

/**
 * Which tabs show which page, learnt from their content scripts' messages, so changes
 * reach exactly the tabs that draw that page (no `tabs` permission needed). Mirrored in
 * storage.session: the service worker is stopped when idle, and a tab told nothing after
 * that would keep a stale copy of a note edited in the popup.
 */
const tabsByUrl = new Map<string, Set<number>>();
const urlByTab = new Map<number, string>();
const SESSION_KEY = 'tabs';

function remember(tabId: number, url: string): void {
  const previous = urlByTab.get(tabId);
  if (previous === url) return;
  if (previous) tabsByUrl.get(previous)?.delete(tabId);
  urlByTab.set(tabId, url);
  const tabs = tabsByUrl.get(url) ?? new Set<number>();
  tabsByUrl.set(url, tabs);
  tabs.add(tabId);
}

function forget(tabId: number): void {
  const url = urlByTab.get(tabId);
  if (url) tabsByUrl.get(url)?.delete(tabId);
  urlByTab.delete(tabId);
}

/** The registry as it was before this worker started (empty at browser start). */
const restored: Promise<void> = ext
  .getSession<Record<string, string>>(SESSION_KEY)
  .then((saved) => {
    for (const [tabId, url] of Object.entries(saved ?? {}))
      if (!urlByTab.has(Number(tabId))) remember(Number(tabId), url);
  })
  .catch(() => undefined);

function persist(): void {
  ext.setSession({ [SESSION_KEY]: Object.fromEntries(urlByTab) }).catch(() => undefined);
}
/** The latest orphans each page reported, for a popup opened later. */
const orphansByUrl = new Map<string, string[]>();

export function registerTab(tabId: number, url: string): void {
  if (urlByTab.get(tabId) === url) return;
  remember(tabId, url);
  persist();
}

/** Tabs showing `url`, most recently registered first. */
export async function tabsShowing(url: string): Promise<number[]> {
  await restored;
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
  void restored.then(() => {
    for (const tabId of tabsByUrl.get(payload.url) ?? []) {
      if (tabId === exceptTab) continue;
      ext.sendToTab(tabId, message).catch(() => {
        forget(tabId);
        persist();
      });
    }
  });
}
