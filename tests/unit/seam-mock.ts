/**
 * The browser seam as unit tests see it (`vi.mock('../../src/shared/browser', () =>
 * import('./seam-mock'))`): our extension id, English messages, and spies for the calls
 * that would reach the browser.
 */
import { vi } from 'vitest';
import { englishMessage } from '../support/english';

export const ext = {
  extensionId: () => 'ext-id',
  extensionUrl: (path: string) => `chrome-extension://ext-id/${path}`,
  message: englishMessage,
  inPrivateWindow: () => false,
  sendMessage: vi.fn(async (_message: unknown): Promise<unknown> => undefined),
  sendToTab: vi.fn(async (_tabId: number, _message: unknown): Promise<unknown> => undefined),
  onMessage: vi.fn(),
  activeTab: vi.fn(
    async () => ({ id: 42 }) as { id?: number; url?: string; title?: string; incognito?: boolean } | undefined,
  ),
  activateTab: vi.fn(async (_tabId: number) => undefined),
  openTab: vi.fn(async (_url: string) => undefined),
  getStored: vi.fn(async (_key: string): Promise<unknown> => undefined),
  setStored: vi.fn(async (_values: Record<string, unknown>) => undefined),
  getSession: vi.fn(async (_key: string): Promise<unknown> => undefined),
  setSession: vi.fn(async (_values: Record<string, unknown>) => undefined),
  createMenu: vi.fn(),
  onMenuClick: vi.fn(),
  onCommand: vi.fn(),
  onInstalled: vi.fn(),
  openShortcutSettings: vi.fn(async () => undefined),
};

export const extWindows = {
  currentWindowId: vi.fn(async () => 1 as number | undefined),
  openSidePanel: vi.fn(async (_windowId: number | undefined) => undefined),
  onTabActivated: vi.fn(() => () => undefined),
  onTabStatus: vi.fn(() => () => undefined),
  createMenuFor: vi.fn(),
  onMenuClickIn: vi.fn(),
  onCommandIn: vi.fn(),
};

export const extPages = {
  createMenuOn: vi.fn(),
  onMenuClickAt: vi.fn(),
  navigateTab: vi.fn(async (_tabId: number | undefined, _url: string) => undefined),
  setDynamicRules: vi.fn(async (_remove: number[], _add: unknown[]) => undefined),
  dynamicRuleIds: vi.fn(async (): Promise<number[]> => []),
  setSessionRules: vi.fn(async (_remove: number[], _add: unknown[]) => undefined),
  sessionRuleIds: vi.fn(async (): Promise<number[]> => []),
  onStoredChange: vi.fn(() => () => undefined),
  fileAccessAllowed: vi.fn(async () => false),
};
