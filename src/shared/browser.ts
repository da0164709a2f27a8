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
 * The calls only the background, the popup and the PDF reader make: opening PDFs in the
 * reader (menus, navigation, declarativeNetRequest rules) and following the options. Apart
 * from `ext` because an object's methods are never tree-shaken: these would otherwise be
 * bundled into the content script, which every page pays for (its 40 kB budget).
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
};
