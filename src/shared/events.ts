import { ext } from './browser';
import type { SyncStatus } from './sync-types';
import type { Annotation } from './types';

/**
 * What the background tells the popup and the page's content script, one way, when
 * something changed: the popup follows edits made in the page and the page follows
 * edits made in the popup, without a reload.
 */
export interface Events {
  /** Annotations of `url` were saved (new or changed) or deleted. */
  'annotations/changed': { url: string; saved: Annotation[]; deleted: string[] };
  /** Which of `url`'s annotations the page could not find (orphans). */
  'page/status': { url: string; orphans: string[] };
  /** The reader asked, by keyboard shortcut or context menu, to highlight the selection. */
  command: { name: CommandName };
  /** Sync's status changed (progress included): the popup and the options page follow it live. */
  'sync/changed': SyncStatus;
  /** A tab's content script told the background which page it shows (or it started loading another). */
  'tab/page': { tabId: number; url: string | null };
}

export const COMMANDS = ['highlight-selection', 'highlight-with-note'] as const;
export type CommandName = (typeof COMMANDS)[number];
export type EventName = keyof Events;

interface EventEnvelope {
  marginaliaEvent: 1;
  name: EventName;
  payload: unknown;
}

export function eventMessage<E extends EventName>(name: E, payload: Events[E]): EventEnvelope {
  return { marginaliaEvent: 1, name, payload };
}

export type EventHandlers = { [E in EventName]?: (payload: Events[E]) => void };

/**
 * Listens for our events. Only the extension itself can send them (a page cannot reach
 * runtime messaging), and the sender's id is checked all the same.
 */
export function onEvents(handlers: EventHandlers): () => void {
  return ext.onMessage((message, sender) => {
    const envelope = message as EventEnvelope | undefined;
    if (envelope?.marginaliaEvent !== 1 || sender.id !== ext.extensionId()) return undefined;
    const handler = handlers[envelope.name] as ((payload: unknown) => void) | undefined;
    handler?.(envelope.payload);
    return undefined;
  });
}

/**
 * Requests the background passes from the popup to the tab showing a page, with an
 * answer: jump to a passage, re-attach an orphan to the reader's selection.
 */
export interface TabRequests {
  'tab/jump': { req: { id: string }; res: { found: boolean } };
  'tab/reattach': { req: { id: string }; res: { ok: boolean; reason?: string } };
  /** Which page the tab's content script shows (asked when a tab finishes loading, for the side panel). */
  'tab/page': { req: Record<string, never>; res: { url: string | null } };
}
export type TabRequestName = keyof TabRequests;

interface TabEnvelope {
  marginaliaTab: 1;
  name: TabRequestName;
  req: unknown;
}

export function tabRequest<N extends TabRequestName>(name: N, req: TabRequests[N]['req']): TabEnvelope {
  return { marginaliaTab: 1, name, req };
}

export type TabRequestHandlers = {
  [N in TabRequestName]: (req: TabRequests[N]['req']) => Promise<TabRequests[N]['res']>;
};

/** Answers the background's requests (content script side); only our extension can send them. */
export function answerTabRequests(handlers: TabRequestHandlers): () => void {
  return ext.onMessage((message, sender) => {
    const envelope = message as TabEnvelope | undefined;
    if (envelope?.marginaliaTab !== 1 || sender.id !== ext.extensionId()) return undefined;
    if (!Object.hasOwn(handlers, envelope.name)) return undefined;
    const handler = handlers[envelope.name] as (req: unknown) => Promise<unknown>;
    return handler(envelope.req);
  });
}
