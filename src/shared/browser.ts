/**
 * The one seam between our code and the WebExtension APIs; tests (and the harness that
 * renders the popup on a plain page) swap this module for tests/support/fake-browser.ts
 * at bundle time.
 *
 * Built on webextension-polyfill, the browser layer the project was specified with, in
 * every context: the same promise-based `browser.*` API in Chromium (where the polyfill
 * wraps `chrome.*`) and in Firefox (where it hands back Firefox's own `browser`). It costs
 * the content script about 10 kB of its budget; README.md ("What the content script
 * costs") has the measurement. Nothing else imports the polyfill.
 */
import browser from 'webextension-polyfill';

export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string; incognito?: boolean };
}

export type MessageListener = (message: unknown, sender: Sender) => Promise<unknown> | undefined;

export const ext = {
  extensionId: (): string => browser.runtime.id,
  extensionUrl: (path: string): string => browser.runtime.getURL(path),
  inPrivateWindow: (): boolean => browser.extension?.inIncognitoContext ?? false,
  message: (key: string, substitutions: string[]): string => browser.i18n.getMessage(key, substitutions),
  /** Opens the browser's keyboard shortcut settings (Firefox 137+ has an API; Chromium a page). */
  async openShortcutSettings(): Promise<void> {
    const commands = browser.commands as unknown as { openShortcutSettings?: () => Promise<void> };
    if (typeof commands.openShortcutSettings === 'function') await commands.openShortcutSettings();
    else await browser.tabs.create({ url: 'chrome://extensions/shortcuts' });
  },
  sendMessage: (message: unknown): Promise<unknown> => browser.runtime.sendMessage(message),
  sendToTab: (tabId: number, message: unknown): Promise<unknown> => browser.tabs.sendMessage(tabId, message),
  onMessage(listener: MessageListener): () => void {
    // The polyfill answers with the promise a listener returns (in Chromium through
    // sendResponse, keeping the channel open); returning undefined leaves the message to
    // other listeners. A failed answer is sent as undefined, never as an error the page
    // could read.
    const wrapped = (message: unknown, sender: browser.Runtime.MessageSender) =>
      listener(message, sender)?.catch(() => undefined);
    browser.runtime.onMessage.addListener(wrapped as never);
    return () => browser.runtime.onMessage.removeListener(wrapped as never);
  },
  /** Extension storage: never the page's localStorage, which the page can read. */
  async getStored<T>(key: string): Promise<T | undefined> {
    const found = await browser.storage.local.get(key);
    return found[key] as T | undefined;
  },
  setStored: (values: Record<string, unknown>): Promise<void> => browser.storage.local.set(values),
  /** Session storage: kept while the browser runs, across the background's restarts. */
  async getSession<T>(key: string): Promise<T | undefined> {
    const found = await browser.storage.session.get(key);
    return found[key] as T | undefined;
  },
  setSession: (values: Record<string, unknown>): Promise<void> => browser.storage.session.set(values),
  onCommand(listener: (command: string, tabId: number | undefined) => void): void {
    browser.commands?.onCommand.addListener((command, tab) => listener(command, tab?.id));
  },
  createMenu(id: string, title: string): void {
    browser.contextMenus.create({ id, title, contexts: ['selection'] }, () => void browser.runtime.lastError);
  },
  onMenuClick(listener: (menuId: string, tabId: number | undefined) => void): void {
    browser.contextMenus.onClicked.addListener((info, tab) => listener(String(info.menuItemId), tab?.id));
  },
  onInstalled(listener: () => void): void {
    browser.runtime.onInstalled.addListener(listener);
  },
  activateTab: async (tabId: number): Promise<void> => {
    await browser.tabs.update(tabId, { active: true });
  },
  openTab: async (url: string): Promise<void> => {
    await browser.tabs.create({ url });
  },
  async activeTab(): Promise<{ id?: number; url?: string; title?: string; incognito?: boolean } | undefined> {
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    return tab;
  },
  /**
   * Asks the reader for access to one origin (`https://couch.example:6984`), for sync. Must
   * be called straight from a click: browsers refuse a request without a user gesture, so
   * nothing may be awaited before it. Resolves to whether access is granted.
   */
  requestOrigin: (origin: string): Promise<boolean> => browser.permissions.request({ origins: [`${origin}/*`] }),
  /** Whether the extension may already reach `origin` (granted before, or by the manifest). */
  hasOrigin: (origin: string): Promise<boolean> => browser.permissions.contains({ origins: [`${origin}/*`] }),
  /** A repeating alarm (sync): it wakes a stopped service worker, which a timer cannot. */
  async setAlarm(name: string, periodInMinutes: number): Promise<void> {
    await browser.alarms?.create(name, { periodInMinutes, delayInMinutes: periodInMinutes });
  },
  async clearAlarm(name: string): Promise<void> {
    await browser.alarms?.clear(name);
  },
  onAlarm(listener: (name: string) => void): () => void {
    const wrapped = (alarm: { name: string }) => listener(alarm.name);
    browser.alarms?.onAlarm.addListener(wrapped);
    return () => browser.alarms?.onAlarm.removeListener(wrapped);
  },
};

/**
 * Windows, tabs, the side panel and menus: calls only the background and extension pages
 * make. Apart from `ext` because the content script bundles `ext` whole, and every page
 * pays for the content script's size (see CONTENT_BUDGET in build.mjs).
 */
export const extWindows = {
  /** The window this page is in (the side panel's window). */
  async currentWindowId(): Promise<number | undefined> {
    return (await browser.windows.getCurrent()).id;
  },
  /**
   * Opens the side panel (Chromium) or sidebar (Firefox). Both browsers allow it only in
   * answer to the reader's action, so it is called at once, before anything is awaited.
   */
  openSidePanel(windowId: number | undefined): Promise<void> {
    const api = browser as unknown as {
      sidePanel?: { open(options: { windowId: number }): Promise<void> };
      sidebarAction?: { open(): Promise<void> };
    };
    if (api.sidebarAction) return api.sidebarAction.open();
    if (api.sidePanel && windowId !== undefined) return api.sidePanel.open({ windowId });
    return Promise.reject(new Error('No side panel in this browser'));
  },
  /** Another tab became the active one in window `windowId`. */
  onTabActivated(listener: (tabId: number, windowId: number) => void): () => void {
    const wrapped = (info: { tabId: number; windowId: number }) => listener(info.tabId, info.windowId);
    browser.tabs.onActivated.addListener(wrapped);
    return () => browser.tabs.onActivated.removeListener(wrapped);
  },
  /** A tab started (`loading`) or finished (`complete`) loading; without the `tabs` permission nothing more is told. */
  onTabStatus(listener: (tabId: number, status: string) => void): () => void {
    const wrapped = (tabId: number, change: { status?: string }) => {
      if (change.status) listener(tabId, change.status);
    };
    browser.tabs.onUpdated.addListener(wrapped);
    return () => browser.tabs.onUpdated.removeListener(wrapped);
  },
  /** A context menu item for `contexts` (createMenu is for a selection only). */
  createMenuFor(id: string, title: string, contexts: ('page' | 'selection' | 'action')[]): void {
    browser.contextMenus.create({ id, title, contexts }, () => void browser.runtime.lastError);
  },
  /** Like onMenuClick, with the window of the tab clicked in (the side panel opens there). */
  onMenuClickIn(listener: (menuId: string, tabId: number | undefined, windowId: number | undefined) => void): void {
    browser.contextMenus.onClicked.addListener((info, tab) =>
      listener(String(info.menuItemId), tab?.id, tab?.windowId),
    );
  },
  /** Like onCommand, with the window of the active tab. */
  onCommandIn(listener: (command: string, tabId: number | undefined, windowId: number | undefined) => void): void {
    browser.commands?.onCommand.addListener((command, tab) => listener(command, tab?.id, tab?.windowId));
  },
};

/**
 * The calls only the background, the popup and the PDF reader make: opening PDFs in the
 * reader (menus, navigation, declarativeNetRequest rules) and following the options. Apart
 * from `ext` because an object's methods are never tree-shaken: these would otherwise be
 * bundled into the content script, which every page pays for (CONTENT_BUDGET in build.mjs).
 */
export const extPages = {
  /** A context-menu item on the given contexts, shown only where `patterns` match (links: their target). */
  createMenuOn(id: string, title: string, contexts: ('page' | 'link')[], patterns: string[]): void {
    const where = contexts.includes('link') ? { targetUrlPatterns: patterns } : { documentUrlPatterns: patterns };
    browser.contextMenus.create({ id, title, contexts, ...where }, () => void browser.runtime.lastError);
  },
  onMenuClickAt(
    listener: (menuId: string, link: string | undefined, page: string | undefined, tabId?: number) => void,
  ) {
    browser.contextMenus.onClicked.addListener((info, tab) =>
      listener(String(info.menuItemId), info.linkUrl, info.pageUrl ?? tab?.url, tab?.id),
    );
  },
  /** Loads `url` in tab `tabId` (the current tab when undefined). */
  navigateTab: async (tabId: number | undefined, url: string): Promise<void> => {
    if (tabId === undefined) await browser.tabs.update({ url });
    else await browser.tabs.update(tabId, { url });
  },
  /** declarativeNetRequest: replaces the extension's dynamic rules with ids `remove` by `add`. */
  setDynamicRules: (remove: number[], add: unknown[]): Promise<void> =>
    browser.declarativeNetRequest.updateDynamicRules({ removeRuleIds: remove, addRules: add as never }),
  dynamicRuleIds: async (): Promise<number[]> =>
    (await browser.declarativeNetRequest.getDynamicRules()).map((rule) => rule.id),
  setSessionRules: (remove: number[], add: unknown[]): Promise<void> =>
    browser.declarativeNetRequest.updateSessionRules({ removeRuleIds: remove, addRules: add as never }),
  sessionRuleIds: async (): Promise<number[]> =>
    (await browser.declarativeNetRequest.getSessionRules()).map((rule) => rule.id),
  /** Calls `listener` when `key` changes in extension storage (local). */
  onStoredChange(key: string, listener: () => void): () => void {
    const wrapped = (changes: Record<string, unknown>, area: string) => {
      if (area === 'local' && Object.hasOwn(changes, key)) listener();
    };
    browser.storage.onChanged.addListener(wrapped);
    return () => browser.storage.onChanged.removeListener(wrapped);
  },
  /**
   * Whether the extension may read file: addresses (Chromium's "Allow access to file URLs"
   * on its details page; always false in Firefox, where extensions never read local files).
   */
  fileAccessAllowed: (): Promise<boolean> => browser.extension.isAllowedFileSchemeAccess(),
};
