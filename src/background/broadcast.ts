import { ext } from '../shared/browser';
import { type EventName, type Events, eventMessage, tabRequest } from '../shared/events';

/**
 * Which tabs show which page, learnt from their content scripts' messages, so changes
 * reach exactly the tabs that draw that page (no `tabs` permission needed). Mirrored in
 * storage.session: the service worker is stopped when idle, and a tab told nothing after
 * that would keep a stale copy of a note edited in the popup.
 */
const tabsByUrl = new Map<string, Set<number>>();
/** Each tab's page key, then the canonical address it declared (if any): it shows both's notes. */
const keysByTab = new Map<number, string[]>();
const SESSION_KEY = 'tabs';

function remember(tabId: number, keys: string[]): void {
  forget(tabId);
  keysByTab.set(tabId, keys);
  for (const url of keys) {
    const tabs = tabsByUrl.get(url) ?? new Set<number>();
    tabsByUrl.set(url, tabs);
    tabs.add(tabId);
  }
}

function forget(tabId: number): void {
  for (const url of keysByTab.get(tabId) ?? []) tabsByUrl.get(url)?.delete(tabId);
  keysByTab.delete(tabId);
}

const same = (a: readonly string[] | undefined, b: readonly string[]) =>
  !!a && a.length === b.length && a.every((x, i) => x === b[i]);

/** The registry as it was before this worker started (empty at browser start). */
const restored: Promise<void> = ext
  .getSession<Record<string, string | string[]>>(SESSION_KEY)
  .then((saved) => {
    // An earlier version saved one URL per tab.
    for (const [tabId, keys] of Object.entries(saved ?? {}))
      if (!keysByTab.has(Number(tabId))) remember(Number(tabId), typeof keys === 'string' ? [keys] : keys);
  })
  .catch(() => undefined);

function persist(): void {
  ext.setSession({ [SESSION_KEY]: Object.fromEntries(keysByTab) }).catch(() => undefined);
}
/** The latest orphans each page reported, for a popup opened later. */
const orphansByUrl = new Map<string, string[]>();

/**
 * The tab shows the page `url` and, when the page declared one, the notes of its canonical
 * address `alias` (the handler has checked it is on the page's own site).
 */
export function registerTab(tabId: number, url: string, alias?: string): void {
  const keys = alias ? [url, alias] : [url];
  const wasPending = panelState.delete(tabId);
  if (same(keysByTab.get(tabId), keys)) {
    if (wasPending) announcePage(tabId, url);
    return;
  }
  remember(tabId, keys);
  persist();
  announcePage(tabId, url);
}

/** The tab draws annotations stored under `url` (it saved one): registered unless it already is. */
export function registerTabFor(tabId: number, url: string): void {
  if (!keysByTab.get(tabId)?.includes(url)) registerTab(tabId, url);
}

/**
 * For the side panel, tabs whose page is not the one registered: 'loading' a page whose
 * content script has not spoken yet, or showing one where none runs ('none': the browser's
 * own pages, a private window). Kept in memory only: after the worker restarts, a tab
 * shows its last page until it speaks again.
 */
const panelState = new Map<number, 'loading' | 'none'>();

/** Tells the side panel which page a tab shows now. */
function announcePage(tabId: number, url: string | null): void {
  ext.sendMessage(eventMessage('tab/page', { tabId, url })).catch(() => undefined);
}

/** The tab started loading a page (a navigation or reload). */
export function tabLoading(tabId: number): void {
  if (panelState.get(tabId) === 'loading') return;
  panelState.set(tabId, 'loading');
  announcePage(tabId, null);
}

/**
 * The tab finished loading: if its content script answers for the page it registered (a
 * same-document navigation, or a reload it has already listed), it shows that page; if
 * nothing answers, no content script runs there. Otherwise its list request decides.
 */
export async function tabLoaded(tabId: number): Promise<void> {
  if (panelState.get(tabId) !== 'loading') return;
  const answer = (await ext.sendToTab(tabId, tabRequest('tab/page', {})).catch(() => undefined)) as
    | { url: string | null }
    | undefined;
  await restored;
  if (panelState.get(tabId) !== 'loading') return;
  const url = answer?.url;
  if (url && keysByTab.get(tabId)?.[0] === url) {
    panelState.delete(tabId);
    announcePage(tabId, url);
  } else if (!url) {
    panelState.set(tabId, 'none');
    announcePage(tabId, null);
  }
}

/** The page tab `tabId` shows, by its content script's word: null while it loads or where none runs. */
export async function pageOfTab(tabId: number): Promise<{ url: string | null; loading: boolean }> {
  await restored;
  const state = panelState.get(tabId);
  if (state) return { url: null, loading: state === 'loading' };
  return { url: keysByTab.get(tabId)?.[0] ?? null, loading: false };
}

/** Tabs showing `url`, or a page whose canonical address is `url`, most recently registered first. */
export async function tabsShowing(url: string): Promise<number[]> {
  await restored;
  return [...(tabsByUrl.get(url) ?? [])].reverse();
}

/**
 * The canonical address an open tab of page `url` declared. Learnt only from open tabs, and
 * forgotten with them: Marginalia keeps no record of the pages a reader visits.
 */
export async function aliasOf(url: string): Promise<string | undefined> {
  await restored;
  let alias: string | undefined;
  for (const [first, second] of keysByTab.values()) if (first === url && second) alias = second;
  return alias;
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
