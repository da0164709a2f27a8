/**
 * Stands in for src/shared/browser.ts in the popup harness (dist/harness/), which renders
 * the real popup code on a plain test page: messages go straight to the real background
 * handlers, which keep their data in that page's own IndexedDB. Never part of an extension.
 */
import type { MessageListener, Sender } from '../../src/shared/browser';
import { englishMessage } from './english';

export type { MessageListener, Sender };

const EXTENSION_ID = 'marginalia-harness';
const base = `${location.origin}/harness/`;
const listeners = new Set<MessageListener>();
const stored = new Map<string, unknown>();

export const ext = {
  extensionId: (): string => EXTENSION_ID,
  extensionUrl: (path: string): string => base + path,
  inPrivateWindow: (): boolean => false,
  message: (key: string, substitutions: string[]): string => englishMessage(key, substitutions),
  async openShortcutSettings(): Promise<void> {},
  async sendMessage(message: unknown): Promise<unknown> {
    const sender: Sender = { id: EXTENSION_ID, url: `${base}popup.html` };
    for (const listener of [...listeners]) {
      const reply = listener(message, sender);
      if (reply !== undefined) return reply;
    }
    return undefined;
  },
  async sendToTab(): Promise<unknown> {
    // The harness has no tabs: the popup's live updates are covered in Chromium.
    return undefined;
  },
  onMessage(listener: MessageListener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  async getStored<T>(key: string): Promise<T | undefined> {
    return stored.get(key) as T | undefined;
  },
  async getSession<T>(key: string): Promise<T | undefined> {
    return stored.get(`session:${key}`) as T | undefined;
  },
  async setSession(values: Record<string, unknown>): Promise<void> {
    for (const [key, value] of Object.entries(values)) stored.set(`session:${key}`, value);
  },
  async setStored(values: Record<string, unknown>): Promise<void> {
    for (const [key, value] of Object.entries(values)) stored.set(key, value);
  },
  onCommand(): void {},
  createMenu(): void {},
  onMenuClick(): void {},
  onInstalled(): void {},
  async activateTab(): Promise<void> {},
  async openTab(url: string): Promise<void> {
    window.open(url);
  },
  async activeTab(): Promise<{ id?: number; url?: string; title?: string } | undefined> {
    return undefined;
  },
};

export const extWindows = {
  async currentWindowId(): Promise<number | undefined> {
    return undefined;
  },
  async openSidePanel(): Promise<void> {
    throw new Error('The harness has no side panel');
  },
  onTabActivated(): () => void {
    return () => undefined;
  },
  onTabStatus(): () => void {
    return () => undefined;
  },
  createMenuFor(): void {},
  onMenuClickIn(): void {},
  onCommandIn(): void {},
};

/** The popup's "Open in Marginalia" and the background's PDF opening: nothing to reach here. */
export const extPages = {
  createMenuOn(): void {},
  onMenuClickAt(): void {},
  async navigateTab(_tabId: number | undefined, url: string): Promise<void> {
    window.location.assign(url);
  },
  async setDynamicRules(): Promise<void> {},
  async dynamicRuleIds(): Promise<number[]> {
    return [];
  },
  async setSessionRules(): Promise<void> {},
  async sessionRuleIds(): Promise<number[]> {
    return [];
  },
  onStoredChange(): () => void {
    return () => undefined;
  },
};
