import { ext, type Sender } from './browser';
import { isDay, VERDICTS, type Verdict } from './review-schedule';
import type { SyncCheck, SyncSetup, SyncStatus } from './sync-types';
import type { Annotation, AnnotationChange, Color, PageRecord } from './types';
import {
  type Check,
  isAnnotation,
  isBackupPage,
  isColorCheck,
  isCount,
  isId,
  isIdList,
  isList,
  isNullOr,
  isOptional,
  isPatch,
  isPdfKeyCheck,
  isSourceUrl,
  isString,
  isSyncSetup,
  isSyncTest,
  isUrl,
  object,
} from './validate';

const isDayCheck: Check = (value) => (isDay(value) ? undefined : 'expected a day (YYYY-MM-DD)');

/** Every message between content script, popup and background: name -> request -> response. */
export interface Protocol {
  'annotations/list': {
    /** `canonical`: the page's same-site `<link rel=canonical>`, whose notes are the page's too. */
    req: { url: string; canonical?: string };
    res: Annotation[];
  };
  /** One annotation by id (the note frame reads the note it shows); null when there is none. */
  'annotations/get': { req: { id: string }; res: { annotation: Annotation | null } };
  'annotations/save': {
    /** `source`: for a PDF's annotation (url `urn:x-pdf:…`), the address the PDF was read at. */
    req: { annotation: Annotation; title: string; source?: string };
    /** `stale`: a newer edit of this annotation was already stored and is kept (it is broadcast to the sender too). */
    res: { savedAt: string; stale?: true };
  };
  'annotations/delete': { req: { id: string }; res: { deleted: Annotation | null } };
  'annotations/patch': {
    req: { id: string; change: AnnotationChange; updatedAt: string };
    /** The stored result; null when the annotation no longer exists. */
    res: { annotation: Annotation | null };
  };
  'page/get': {
    req: { url: string };
    /**
     * `orphans`: ids the page reported not found, or null when no tab has reported.
     * `alias`: the canonical address an open tab of this page declared (its notes are listed
     * too, and the page's record is that address's), or null.
     */
    res: { page: PageRecord | null; annotations: Annotation[]; orphans: string[] | null; alias: string | null };
  };
  'page/status': { req: { url: string; orphans: string[] }; res: Record<string, never> };
  'page/note': { req: { url: string; note: string; title: string }; res: { page: PageRecord } };
  'library/pages': { req: Record<string, never>; res: { pages: PageRecord[] } };
  'library/search': {
    req: { query: string; color: Color | null; tag: string | null; limit: number };
    res: { hits: { annotation: Annotation; title: string }[]; total: number };
  };
  'library/tags': { req: Record<string, never>; res: { tags: string[] } };
  'library/everything': { req: Record<string, never>; res: { pages: PageRecord[]; annotations: Annotation[] } };
  'library/import': {
    req: {
      pages: { url: string; title: string; note?: string; updatedAt: string; source?: string }[];
      annotations: Annotation[];
    };
    res: { added: number; updated: number; unchanged: number };
  };
  'tab/jump': { req: { url: string; id: string }; res: { found: boolean } };
  'tab/reattach': { req: { url: string; id: string }; res: { ok: boolean; reason?: string } };
  /** Sync (issue 12, docs/sync.md): where it stands. */
  'sync/status': { req: Record<string, never>; res: SyncStatus };
  /** Every check of a setup, writing nothing (but the database, with `create: true`). */
  'sync/test': { req: SyncSetup & { create?: boolean }; res: SyncCheck };
  /** Checks, stores the setup and the derived key, starts the first sync; answers at once. */
  'sync/enable': { req: SyncSetup; res: SyncStatus };
  /** Starts a one-shot sync; answers at once with state 'syncing'. */
  'sync/now': { req: Record<string, never>; res: SyncStatus };
  /** Stops syncing; nothing is deleted, here or on the server. */
  'sync/disable': { req: Record<string, never>; res: SyncStatus };
  /**
   * The page a tab shows, as its content script last told the background (the side panel
   * follows the active tab without the `tabs` permission); null while it loads a new page
   * (`loading`) or where no content script runs.
   */
  'tab/page': { req: { tabId: number }; res: { url: string | null; loading: boolean } };
  /** The daily Review's cards for the reader's `day`: at most `perDay`, less those already reviewed that day. */
  'review/today': {
    req: { day: string; perDay: number };
    res: { cards: { annotation: Annotation; title: string }[]; reviewed: number; total: number };
  };
  /** The reader's verdict on a card (Keep, Less often, Done) on `day`: the stored result, null when gone. */
  'review/mark': { req: { id: string; verdict: Verdict; day: string }; res: { annotation: Annotation | null } };
  /**
   * The PDF reader opened a document: its notes (stored under its fingerprint `key`, and
   * those of earlier fingerprints read at the same `source`, a revised version) and its record.
   */
  'pdf/open': {
    req: { key: string; source: string | null };
    res: { annotations: Annotation[]; page: PageRecord | null };
  };
  /** Which PDF the reader in tab `tabId` shows (the popup asks), or nulls. */
  'pdf/shown': { req: { tabId: number }; res: { key: string | null; source: string | null; title: string } };
  /**
   * The reader's "browser's viewer" link: the next load of `url` in the sender's tab is left
   * to the browser (not sent to the reader again by the automatic-opening rule).
   */
  'pdf/original': { req: { url: string }; res: Record<string, never> };
  /**
   * A local PDF in the browser's own viewer (the content script in Chromium's viewer page
   * asks): the sender's tab goes to the reader if the options say so. `opened`: it does.
   */
  'pdf/local': { req: Record<string, never>; res: { opened: boolean } };
}
export type Name = keyof Protocol;
export type Req<N extends Name> = Protocol[N]['req'];
export type Res<N extends Name> = Protocol[N]['res'];

/** Where a message may come from: a web page's content script, or one of our own pages. */
export type Origin = 'tab' | 'extension';

interface Rule {
  check: Check;
  from: readonly Origin[];
}

/** One validator and one sender rule per message; `handle` refuses anything else. */
export const RULES: { [N in Name]: Rule } = {
  'annotations/list': {
    check: /* @__PURE__ */ object({ url: isUrl, canonical: /* @__PURE__ */ isOptional(isUrl) }),
    from: ['tab', 'extension'],
  },
  // Extension pages only: the note frame and the popup. A page's content script never
  // needs one annotation by id (it lists its own page's).
  'annotations/get': { check: /* @__PURE__ */ object({ id: isId }), from: ['extension'] },
  'annotations/save': {
    check: /* @__PURE__ */ object({
      annotation: isAnnotation,
      title: /* @__PURE__ */ isString(2000),
      source: /* @__PURE__ */ isOptional(isSourceUrl),
    }),
    from: ['tab', 'extension'],
  },
  'annotations/delete': { check: /* @__PURE__ */ object({ id: isId }), from: ['tab', 'extension'] },
  'annotations/patch': { check: isPatch, from: ['tab', 'extension'] },
  'page/get': { check: /* @__PURE__ */ object({ url: isUrl }), from: ['extension'] },
  // From a page's content script, and from the PDF reader (an extension page) about its PDF.
  'page/status': { check: /* @__PURE__ */ object({ url: isUrl, orphans: isIdList }), from: ['tab', 'extension'] },
  'page/note': {
    check: /* @__PURE__ */ object({
      url: isUrl,
      note: /* @__PURE__ */ isString(1_000_000),
      title: /* @__PURE__ */ isString(2000),
    }),
    from: ['extension'],
  },
  'library/pages': { check: /* @__PURE__ */ object({}), from: ['extension'] },
  'library/search': {
    check: /* @__PURE__ */ object({
      query: /* @__PURE__ */ isString(500),
      color: /* @__PURE__ */ isNullOr(isColorCheck),
      tag: /* @__PURE__ */ isNullOr(/* @__PURE__ */ isString(100)),
      limit: isCount,
    }),
    from: ['extension'],
  },
  'library/tags': { check: /* @__PURE__ */ object({}), from: ['extension'] },
  'library/everything': { check: /* @__PURE__ */ object({}), from: ['extension'] },
  // Popup only: a web page's content script can never write other pages' notes in bulk.
  'library/import': {
    check: /* @__PURE__ */ object({
      pages: /* @__PURE__ */ isList(isBackupPage, 100_000),
      annotations: /* @__PURE__ */ isList(isAnnotation, 200_000),
    }),
    from: ['extension'],
  },
  'tab/jump': { check: /* @__PURE__ */ object({ url: isUrl, id: isId }), from: ['extension'] },
  'tab/reattach': { check: /* @__PURE__ */ object({ url: isUrl, id: isId }), from: ['extension'] },
  // Sync: the options page and the popup only. A page's content script can never learn
  // where the reader syncs, nor start, stop or point it elsewhere.
  'sync/status': { check: /* @__PURE__ */ object({}), from: ['extension'] },
  'sync/test': { check: isSyncTest, from: ['extension'] },
  'sync/enable': { check: isSyncSetup, from: ['extension'] },
  'sync/now': { check: /* @__PURE__ */ object({}), from: ['extension'] },
  'sync/disable': { check: /* @__PURE__ */ object({}), from: ['extension'] },
  'tab/page': { check: /* @__PURE__ */ object({ tabId: isCount }), from: ['extension'] },
  'review/today': {
    check: /* @__PURE__ */ object({ day: isDayCheck, perDay: isCount }),
    from: ['extension'],
  },
  'review/mark': {
    check: /* @__PURE__ */ object({
      id: isId,
      verdict: (value) => ((VERDICTS as readonly unknown[]).includes(value) ? undefined : 'unknown verdict'),
      day: isDayCheck,
    }),
    from: ['extension'],
  },
  // The PDF reader and the popup are extension pages; no web page has a PDF's fingerprint key.
  'pdf/open': {
    check: /* @__PURE__ */ object({ key: isPdfKeyCheck, source: /* @__PURE__ */ isNullOr(isSourceUrl) }),
    from: ['extension'],
  },
  'pdf/shown': { check: /* @__PURE__ */ object({ tabId: isCount }), from: ['extension'] },
  'pdf/original': { check: /* @__PURE__ */ object({ url: isSourceUrl }), from: ['extension'] },
  // The sender's own address is the PDF's: nothing in the request to trust.
  'pdf/local': { check: /* @__PURE__ */ object({}), from: ['tab'] },
};

export type ErrorCode = 'invalid' | 'forbidden' | 'not-found' | 'storage' | 'internal' | 'sync';

export class MessageError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'MessageError';
  }
}

/** Nobody answered the message (a background that went away mid-message): worth another try. */
export class NoAnswer extends MessageError {
  constructor(name: string) {
    super('internal', `No answer to ${name}`);
    this.name = 'NoAnswer';
  }
}

interface Envelope {
  marginalia: 1;
  name: string;
  req: unknown;
}
type Reply = { ok: true; value: unknown } | { ok: false; error: { code: ErrorCode; message: string } };

function isEnvelope(value: unknown): value is Envelope {
  return typeof value === 'object' && value !== null && (value as Envelope).marginalia === 1;
}

function isName(name: unknown): name is Name {
  return typeof name === 'string' && Object.hasOwn(RULES, name);
}

export async function send<N extends Name>(name: N, req: Req<N>): Promise<Res<N>> {
  const reply = (await ext.sendMessage({ marginalia: 1, name, req } satisfies Envelope)) as Reply | undefined;
  if (!reply) throw new NoAnswer(name);
  if (!reply.ok) throw new MessageError(reply.error.code, reply.error.message);
  return reply.value as Res<N>;
}

export function originOf(sender: Sender): Origin | undefined {
  if (sender.id !== ext.extensionId()) return undefined;
  if (sender.url?.startsWith(ext.extensionUrl(''))) return 'extension';
  // Web pages, and local files where the reader allowed it (each file is its own site).
  if (sender.tab && sender.url && /^(https?|file):/.test(sender.url)) return 'tab';
  return undefined;
}

export type Handlers = { [N in Name]: (req: Req<N>, sender: Sender & { origin: Origin }) => Promise<Res<N>> };

/** Checks and routes one message; exported apart from `handle` so tests can call it directly. */
export async function dispatch(handlers: Handlers, message: Envelope, sender: Sender): Promise<Reply> {
  try {
    const { name, req } = message;
    if (!isName(name)) throw new MessageError('invalid', `Unknown message ${String(name).slice(0, 64)}`);
    const rule = RULES[name];
    const origin = originOf(sender);
    if (!origin || !rule.from.includes(origin)) throw new MessageError('forbidden', `${name} is not allowed from here`);
    const problem = rule.check(req);
    if (problem) throw new MessageError('invalid', `${name}: ${problem}`);
    const handler = handlers[name] as (req: unknown, sender: Sender & { origin: Origin }) => Promise<unknown>;
    return { ok: true, value: await handler(req, { ...sender, origin }) };
  } catch (error) {
    if (error instanceof MessageError) return { ok: false, error: { code: error.code, message: error.message } };
    console.error('Marginalia: handler failed', error);
    return { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
  }
}

/** Answers our messages; other messages get `undefined` so other listeners keep working. */
export function handle(handlers: Handlers): () => void {
  return ext.onMessage((message, sender) => (isEnvelope(message) ? dispatch(handlers, message, sender) : undefined));
}
