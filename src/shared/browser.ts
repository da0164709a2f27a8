/**
 * The one seam between our code and the WebExtension APIs; tests (and the harness that
 * renders the popup on a plain page) swap this module for tests/support/fake-browser.ts
 * at bundle time.
 *
 * It talks to the browser's own API, not through webextension-polyfill: Firefox's
 * `browser` and Chromium's MV3 `chrome` both return promises for every call used here,
 * and the one real difference, answering a message asynchronously, is bridged in
 * onMessage below. That keeps 10 kB of polyfill out of the content script, which every
 * page pays for (budget: 40 kB). The polyfill's types still describe the API.
 */
import type browserTypes from 'webextension-polyfill';

type Api = typeof browserTypes;
const scope = globalThis as unknown as { browser?: Api; chrome?: Api };
const browser = (scope.browser ?? scope.chrome) as Api;

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
    // Chromium does not take a promise as the answer: answer through sendResponse and
    // return true to keep the channel open (Firefox accepts this form too). Returning
    // false leaves the message to other listeners.
    const wrapped = (
      message: unknown,
      sender: browserTypes.Runtime.MessageSender,
      sendResponse: (reply: unknown) => void,
    ) => {
      const reply = listener(message, sender);
      if (reply === undefined) return false;
      reply.then(sendResponse, () => sendResponse(undefined));
      return true;
    };
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
};

/**
 * Windows, tabs, the side panel and menus: calls only the background and extension pages
 * make. Apart from `ext` because the content script bundles `ext` whole, and every page
 * pays for the content script's size (budget: 40 kB).
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
