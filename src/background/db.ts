import { type DBSchema, type IDBPDatabase, type IDBPTransaction, openDB, type StoreNames } from 'idb';
import { planMerge } from '../shared/backup-merge';
import { t } from '../shared/i18n';
import type { Annotation, AnnotationChange, PageRecord } from '../shared/types';
import { type Check, isAnnotation, isCount, isString, isUrl, object } from '../shared/validate';
import { askForPersistentStorage } from './persist';
import { nearlyOutOfRoom, outOfSpace, roomFor, StorageProblem } from './storage-errors';
import { noteHash } from './sync/note-hash';

/**
 * The only module that touches IndexedDB. It lives in the background because a content
 * script's `indexedDB` belongs to the visited site; everything else asks by message.
 */
interface MarginaliaDB extends DBSchema {
  annotations: { key: string; value: Annotation; indexes: { url: string } };
  pages: { key: string; value: PageRecord; indexes: { updatedAt: string } };
  /** Sync's outbox (docs/sync.md): one entry per record changed here and not yet synced. */
  outbox: { key: string; value: OutboxEntry };
  /** Sync's own state: whether it records changes, the derived keys, how far it applied. */
  meta: { key: string; value: unknown };
}

/**
 * A local change sync has still to send: which record (`a:<annotation id>` or `p:<page url>`),
 * which of its fields changed when (newest edit wins per field), or when it was deleted.
 * `seq` grows with every change of the entry, so sync removes it only if nothing changed since it read it.
 */
export interface OutboxEntry {
  key: string;
  seq: number;
  fields: Record<string, string>;
  deletedAt?: string;
  /** noteHash of the note as it was before the first change in this entry: what it was edited from. */
  noteBase?: string;
}

/** A record as sync applies it to this device (from the server, or the result of a merge). */
export type SyncedRecord =
  | { kind: 'annotation'; annotation: Annotation; title: string }
  | { kind: 'deleted'; key: string }
  | { kind: 'page'; url: string; title: string; note: string; updatedAt: string };

export const annotationKey = (id: string) => `a:${id}`;
export const pageKey = (url: string) => `p:${url}`;
const SYNC_ON = 'syncOn';

export const DB_NAME = 'marginalia';
export const DB_VERSION = 3;

type UpgradeTx = IDBPTransaction<MarginaliaDB, StoreNames<MarginaliaDB>[], 'versionchange'>;

/** How long a caller waits for the database to open before it is told why not (see `open`). */
export const OPEN_TIMEOUT_MS = 10_000;

/**
 * Version 2: pages carry a page note and their annotation count, and are indexed by when
 * they last changed (the library lists them newest first without reading annotations).
 * Every v1 record is kept; counts are computed from the annotations themselves.
 */
async function upgradeToV2(tx: UpgradeTx): Promise<void> {
  const pages = tx.objectStore('pages');
  pages.createIndex('updatedAt', 'updatedAt');
  const counts = new Map<string, { count: number; updatedAt: string }>();
  for (let cursor = await tx.objectStore('annotations').openCursor(); cursor; cursor = await cursor.continue()) {
    const { url, updatedAt } = cursor.value as Partial<Annotation>;
    // A damaged record is kept as it is (reads skip it) but gives no page a count.
    if (typeof url !== 'string' || typeof updatedAt !== 'string') continue;
    const seen = counts.get(url);
    counts.set(url, {
      count: (seen?.count ?? 0) + 1,
      updatedAt: seen && seen.updatedAt > updatedAt ? seen.updatedAt : updatedAt,
    });
  }
  for (let cursor = await pages.openCursor(); cursor; cursor = await cursor.continue()) {
    const old = cursor.value as Partial<PageRecord> & { url: string };
    const seen = counts.get(old.url);
    counts.delete(old.url);
    await cursor.update({
      url: old.url,
      title: old.title ?? '',
      note: old.note ?? '',
      count: seen?.count ?? 0,
      updatedAt: old.updatedAt ?? seen?.updatedAt ?? new Date(0).toISOString(),
    });
  }
  // Annotations whose page record was missing get one, so the library lists them.
  for (const [url, { count, updatedAt }] of counts) await pages.put({ url, title: '', note: '', count, updatedAt });
}

/**
 * Every step from `oldVersion` to DB_VERSION: one case per version, falling through, so any
 * old database climbs every step. Only IndexedDB is awaited in here: anything else would
 * end the transaction. Exported so tests can run the real steps inside their own upgrade.
 */
export async function upgradeSchema(db: IDBPDatabase<MarginaliaDB>, oldVersion: number, tx: UpgradeTx): Promise<void> {
  switch (oldVersion) {
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: each version's step falls through to the next
    case 0: {
      const annotations = db.createObjectStore('annotations', {
        keyPath: 'id',
      });
      annotations.createIndex('url', 'url');
      db.createObjectStore('pages', { keyPath: 'url' });
    }
    // falls through
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: each version's step falls through to the next
    case 1:
      await upgradeToV2(tx);
    // falls through
    case 2:
      // Version 3: sync's outbox and state (issue 12). Nothing existing changes.
      db.createObjectStore('outbox', { keyPath: 'key' });
      db.createObjectStore('meta');
  }
}

let connection: Promise<IDBPDatabase<MarginaliaDB>> | undefined;
let askedForPersistence = false;

function openConnection(): Promise<IDBPDatabase<MarginaliaDB>> {
  let upgradeFailure: unknown;
  let fromVersion = 0;
  // Wrapped so that an open that throws at once (no indexedDB in this context, a broken
  // profile) becomes a rejection with the reader's message like every other failure.
  const request = async () =>
    openDB<MarginaliaDB>(DB_NAME, DB_VERSION, {
      upgrade(db, oldVersion, _newVersion, tx) {
        fromVersion = oldVersion;
        // A failed upgrade is reported through the open request; this keeps idb's own
        // promise for the transaction from becoming an unhandled rejection.
        tx.done.catch(() => undefined);
        // idb calls this without awaiting it: a step that rejects would not abort the
        // versionchange transaction, which would then commit half an upgrade under the new
        // version number. Aborting keeps the database at the old version with its data.
        upgradeSchema(db, oldVersion, tx).catch((error: unknown) => {
          upgradeFailure = error;
          try {
            tx.abort();
          } catch {
            // Already finished or aborted: the open request reports it.
          }
        });
      },
      blocked() {
        blockedByOlder = true;
        console.warn('Marginalia: the database upgrade waits for a connection of an older version to close');
      },
      blocking() {
        // A newer version is waiting for us: step aside so its upgrade can run.
        void connection?.then((db) => db.close()).catch(() => undefined);
        connection = undefined;
      },
      terminated() {
        connection = undefined;
      },
    });
  return request().catch(async (error: unknown) => {
    if (
      upgradeFailure !== undefined ||
      (error instanceof DOMException && error.name === 'AbortError' && fromVersion > 0)
    ) {
      const cause = upgradeFailure ?? error;
      console.error('Marginalia: the database upgrade failed and was rolled back', cause);
      throw new StorageProblem(t('upgradeFailed', fromVersion, DB_VERSION, describeError(cause)), cause);
    }
    if (error instanceof DOMException && error.name === 'VersionError') {
      throw new StorageProblem(t('databaseTooNew'), error);
    }
    if (await nearlyOutOfRoom()) throw new StorageProblem(t('diskFullCannotOpen'), error);
    throw new StorageProblem(t('openFailed', describeError(error)), error);
  });
}

/** Set when our open request waits for an older connection that does not close. */
let blockedByOlder = false;

function open(): Promise<IDBPDatabase<MarginaliaDB>> {
  if (!connection) {
    blockedByOlder = false;
    const opening = openConnection();
    connection = opening;
    opening.catch(() => {
      if (connection === opening) connection = undefined;
    });
    if (!askedForPersistence) {
      askedForPersistence = true;
      askForPersistentStorage();
    }
  }
  // An open request can wait forever (a connection that never closes blocks an upgrade;
  // a broken profile never answers). The request stays pending and later callers share
  // it, but nobody waits longer than OPEN_TIMEOUT_MS for an answer.
  const pending = connection;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new StorageProblem(blockedByOlder ? t('databaseHeld') : t('openTimedOut', OPEN_TIMEOUT_MS / 1000)));
    }, OPEN_TIMEOUT_MS);
    pending.then(
      (db) => {
        clearTimeout(timer);
        resolve(db);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Closes the connection; the next call opens it again. */
export async function closeDb(): Promise<void> {
  const db = await connection?.catch(() => undefined);
  db?.close();
  connection = undefined;
}

const isPageRecord: Check = object({
  url: isUrl,
  title: isString(2000),
  note: isString(1_000_000),
  count: isCount,
  updatedAt: isString(64),
});

/**
 * Keeps the records that have the shape this version understands. A record damaged on disk,
 * or written by a newer Marginalia, is skipped with a warning rather than breaking the
 * list, the search or the export of everything else.
 */
function readable<T>(records: unknown[], check: Check, what: string): T[] {
  const good: T[] = [];
  const skipped: string[] = [];
  for (const record of records) {
    const problem = check(record);
    if (problem === undefined) good.push(record as T);
    else skipped.push(`${keyOf(record)}: ${problem}`);
  }
  if (skipped.length > 0) {
    console.warn(`Marginalia: skipped ${skipped.length} unreadable ${what} record(s)`, skipped.slice(0, 20));
  }
  return good;
}

function keyOf(record: unknown): string {
  const r = record as { id?: unknown; url?: unknown } | null;
  return String(r?.id ?? r?.url ?? '?').slice(0, 100);
}

/** About how many bytes storing `records` takes, for the room check before a write (twice their JSON: indexes, log). */
const sizeOf = (...records: unknown[]): number => 2 * JSON.stringify(records).length;
/**
 * A patch rewrites the whole record, which is not read before the check: this much is
 * allowed for it on top of the change (a typical record is a few kB; the largest, a
 * 1,000,000-character quote with as long a note, some MB, is then refused a little late).
 */
const RECORD_ALLOWANCE = 1024 * 1024;
/** A delete writes next to nothing, and is how a reader frees room: it needs only this. */
const DELETE_SPARE = 64 * 1024;

/**
 * Runs `work` on a readwrite transaction and waits for it to commit, if the browser says a
 * write of about `size` bytes fits (see `roomFor`). If anything fails
 * (a request throws, quota is exceeded, a check refuses) the transaction is aborted, so
 * nothing of it is stored: a write is all or nothing.
 */
type Store = StoreNames<MarginaliaDB>;
type WriteTx = IDBPTransaction<MarginaliaDB, Store[], 'readwrite'>;

async function write<T>(stores: Store[], size: number, work: (tx: WriteTx) => Promise<T>): Promise<T> {
  const db = await open();
  // Asked before the transaction: nothing but IndexedDB may be awaited inside one.
  if (!(await (size === 0 ? roomFor(0, DELETE_SPARE) : roomFor(size)))) throw new StorageProblem(outOfSpace());
  const tx = db.transaction(stores, 'readwrite');
  try {
    const result = await work(tx);
    await tx.done;
    if (recorded) {
      recorded = false;
      for (const listener of changeListeners) listener();
    }
    return result;
  } catch (error) {
    try {
      tx.abort();
    } catch {
      // Already aborted by the browser (as on QuotaExceededError).
    }
    await tx.done.catch(() => undefined);
    // When the browser aborts the transaction (Chromium on a full disk), the request we were
    // awaiting fails with a bare AbortError; why it aborted is on the transaction.
    throw error instanceof DOMException && error.name === 'AbortError' && tx.error ? tx.error : error;
  }
}

/**
 * Records a local change for sync in the write's own transaction, so a change is in the
 * outbox exactly when it is stored. Nothing is recorded while sync is off (turning it on
 * puts everything in). Entries are put by key: many edits of a record are one entry.
 */
/** Set when a write recorded a change for sync; listeners hear of it once the write has committed. */
let recorded = false;
const changeListeners = new Set<() => void>();

/** Calls `listener` after each committed write that left something for sync to send. */
export function onLocalChange(listener: () => void): () => void {
  changeListeners.add(listener);
  return () => changeListeners.delete(listener);
}

async function recordChange(
  tx: WriteTx,
  key: string,
  fields: Record<string, string>,
  deletedAt?: string,
  noteBefore?: string,
) {
  if ((await tx.objectStore('meta').get(SYNC_ON)) !== true) return;
  const outbox = tx.objectStore('outbox');
  recorded = true;
  const entry = await outbox.get(key);
  const merged: Record<string, string> = deletedAt ? {} : { ...entry?.fields };
  for (const [field, at] of Object.entries(fields)) {
    const before = merged[field];
    if (before === undefined || before < at) merged[field] = at;
  }
  const next: OutboxEntry = { key, seq: (entry?.seq ?? 0) + 1, fields: merged };
  const deleted = deletedAt ?? entry?.deletedAt;
  if (deleted) next.deletedAt = deleted;
  const base = entry ? entry.noteBase : noteBefore === undefined ? undefined : noteHash(noteBefore);
  if (base !== undefined) next.noteBase = base;
  await outbox.put(next);
}

const SYNCED_FIELDS = ['note', 'color', 'tags', 'target', 'review'] as const;

/** Which synced fields differ between two versions of an annotation, each stamped `at`. */
function changedFields(before: Annotation | undefined, after: Annotation, at: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const field of SYNCED_FIELDS)
    if (!before || JSON.stringify(before[field]) !== JSON.stringify(after[field])) fields[field] = at;
  return fields;
}

/** The later of two ISO times. */
const later = (a: string, b: string): string => (Date.parse(a) >= Date.parse(b) ? a : b);

/** Returns a page's annotations in the order they were stored; callers sort for reading order. */
export async function annotationsFor(url: string): Promise<Annotation[]> {
  return readable(await (await open()).getAllFromIndex('annotations', 'url', url), isAnnotation, 'annotation');
}

export async function getAnnotation(id: string): Promise<Annotation | undefined> {
  const found = await (await open()).get('annotations', id);
  return found === undefined ? undefined : readable<Annotation>([found], isAnnotation, 'annotation')[0];
}

export async function allAnnotations(): Promise<Annotation[]> {
  return readable(await (await open()).getAll('annotations'), isAnnotation, 'annotation');
}

function emptyPage(url: string, updatedAt: string): PageRecord {
  return { url, title: '', note: '', count: 0, updatedAt };
}

/** True when `a` was changed strictly before `b` (compared as times: the strings may differ in precision). */
function olderThan(a: string, b: unknown): boolean {
  return typeof b === 'string' && Date.parse(a) < Date.parse(b);
}

export interface SaveResult {
  /** What is stored now: the annotation given, or a newer one already stored. */
  kept: Annotation;
  /** The annotation given was older than the stored one and was not written. */
  stale: boolean;
}

/**
 * Puts by client-made id, so a retried save is harmless; keeps the page's record (title,
 * count, last change) in the same transaction, so the two never disagree. A copy older
 * than the stored record (a save delivered late, a tab that missed an edit made in the
 * popup) does not overwrite it: the newer edit wins, whatever order the saves arrive in.
 * Undo saves a deleted annotation again with its old updatedAt; the record is gone by
 * then, so that is a plain add.
 */
export async function saveAnnotation(annotation: Annotation, title: string, source?: string): Promise<SaveResult> {
  return write(['annotations', 'pages', 'outbox', 'meta'], sizeOf(annotation, title), async (tx) => {
    const annotations = tx.objectStore('annotations');
    const pages = tx.objectStore('pages');
    const [existing, page] = await Promise.all([annotations.get(annotation.id), pages.get(annotation.url)]);
    if (existing && olderThan(annotation.updatedAt, existing.updatedAt) && isAnnotation(existing) === undefined) {
      return { kept: existing, stale: true };
    }
    const record = page ?? emptyPage(annotation.url, annotation.updatedAt);
    // One after the other: if the second put fails, no request of ours is left unawaited.
    await annotations.put(annotation);
    // A record that was not here (new, or Undo of a delete) counts as made now: an Undo must
    // win over the delete it undoes, on every device (docs/sync.md).
    const at = existing ? annotation.updatedAt : later(annotation.updatedAt, new Date().toISOString());
    await recordChange(
      tx,
      annotationKey(annotation.id),
      changedFields(existing, annotation, at),
      undefined,
      existing?.note ?? '',
    );
    await pages.put({
      ...record,
      title: title || record.title,
      // A PDF's record: where it was last read (the same document from disk keeps the last address).
      ...(source ? { source } : {}),
      count: record.count + (existing ? 0 : 1),
      // biome-ignore lint/complexity/useMathMinMax: ISO date strings, compared as strings
      updatedAt: record.updatedAt > annotation.updatedAt ? record.updatedAt : annotation.updatedAt,
    });
    return { kept: annotation, stale: false };
  });
}

/**
 * Applies a change to the stored record, read inside the same transaction: a page's copy
 * may be older than what the popup saved meanwhile, so it sends what it changed, never the
 * whole record. Returns the stored result, or undefined when the annotation was deleted
 * (a page's edit does not bring it back). An older change than the stored edit is ignored.
 */
export async function patchAnnotation(
  id: string,
  change: AnnotationChange,
  updatedAt: string,
): Promise<Annotation | undefined> {
  return write(['annotations', 'pages', 'outbox', 'meta'], sizeOf(change) + RECORD_ALLOWANCE, async (tx) => {
    const annotations = tx.objectStore('annotations');
    const existing = await annotations.get(id);
    if (!existing || isAnnotation(existing) !== undefined) return undefined;
    if (olderThan(updatedAt, existing.updatedAt)) return existing;
    const next: Annotation = { ...existing, ...change, updatedAt };
    await annotations.put(next);
    await recordChange(tx, annotationKey(id), changedFields(existing, next, updatedAt), undefined, existing.note);
    // Reviewing an old highlight is not a change to its page: the library's order stays.
    if (Object.keys(change).every((field) => field === 'review')) return next;
    const page = await tx.objectStore('pages').get(existing.url);
    if (page && page.updatedAt < updatedAt) await tx.objectStore('pages').put({ ...page, updatedAt });
    return next;
  });
}

/** Deletes and returns what was deleted, which is all an undo needs. */
export async function deleteAnnotation(id: string): Promise<Annotation | undefined> {
  return write(['annotations', 'pages', 'outbox', 'meta'], 0, async (tx) => {
    const existing = await tx.objectStore('annotations').get(id);
    if (existing) {
      await tx.objectStore('annotations').delete(id);
      await recordChange(tx, annotationKey(id), {}, new Date().toISOString());
      const page = await tx.objectStore('pages').get(existing.url);
      if (page) {
        const count = Math.max(0, page.count - 1);
        // A page left with nothing of the reader's leaves the library.
        if (count === 0 && !page.note) await tx.objectStore('pages').delete(page.url);
        else await tx.objectStore('pages').put({ ...page, count });
      }
    }
    return existing;
  });
}

export async function pageFor(url: string): Promise<PageRecord | undefined> {
  const found = await (await open()).get('pages', url);
  return found === undefined ? undefined : readable<PageRecord>([found], isPageRecord, 'page')[0];
}

export async function savePageNote(url: string, note: string, title: string): Promise<PageRecord> {
  return write(['pages', 'outbox', 'meta'], sizeOf(note, title), async (tx) => {
    const store = tx.objectStore('pages');
    const now = new Date().toISOString();
    const page = (await store.get(url)) ?? emptyPage(url, now);
    const next = { ...page, note, title: title || page.title, updatedAt: now };
    if (next.count === 0 && !note) await store.delete(url);
    else await store.put(next);
    if (note !== page.note) await recordChange(tx, pageKey(url), { note: now, title: now }, undefined, page.note);
    return next;
  });
}

/**
 * PDF records last read at `source` (another fingerprint of the same address: a revised
 * version of the paper). Read from the pages store: a PDF is opened far less often than
 * a web page, and a library has thousands of pages at most.
 */
export async function pdfPagesAt(source: string): Promise<PageRecord[]> {
  return (await allPages()).filter((page) => page.source === source && page.url.startsWith('urn:x-pdf:'));
}

/** Every page with notes, most recently changed first. */
export async function allPages(): Promise<PageRecord[]> {
  return readable<PageRecord>(
    await (await open()).getAllFromIndex('pages', 'updatedAt'),
    isPageRecord,
    'page',
  ).reverse();
}

export interface ImportCounts {
  added: number;
  updated: number;
  unchanged: number;
}

/**
 * Merges a backup in one transaction: all of it is stored or none of it. An annotation
 * replaces the stored one only when its updatedAt is newer, so importing the same file
 * twice changes nothing; page titles and notes follow the same rule, and counts are
 * recomputed for every page touched.
 */
export async function importRecords(
  pages: readonly {
    url: string;
    title: string;
    note?: string;
    updatedAt: string;
    source?: string;
  }[],
  annotations: readonly Annotation[],
): Promise<ImportCounts & { written: Annotation[] }> {
  return write(['annotations', 'pages', 'outbox', 'meta'], sizeOf(pages, annotations), async (tx) => {
    const annotationStore = tx.objectStore('annotations');
    const pageStore = tx.objectStore('pages');
    const existing = new Map<string, Annotation>();
    for (const a of await Promise.all(annotations.map((a) => annotationStore.get(a.id)))) if (a) existing.set(a.id, a);
    const plan = planMerge(existing, annotations);
    const touched = new Set<string>();
    for (const annotation of [...plan.add, ...plan.update]) {
      const before = existing.get(annotation.id);
      if (before && before.url !== annotation.url) touched.add(before.url);
      touched.add(annotation.url);
      await annotationStore.put(annotation);
      await recordChange(
        tx,
        annotationKey(annotation.id),
        changedFields(before, annotation, annotation.updatedAt),
        undefined,
        before?.note ?? '',
      );
    }
    const incomingPages = new Map(pages.map((p) => [p.url, p]));
    for (const url of new Set([...touched, ...incomingPages.keys()])) {
      const stored = await pageStore.get(url);
      const incoming = incomingPages.get(url);
      const newer = incoming && (!stored || Date.parse(incoming.updatedAt) > Date.parse(stored.updatedAt));
      const count = await annotationStore.index('url').count(url);
      const record: PageRecord = {
        url,
        title: (newer ? incoming.title : stored?.title) || stored?.title || incoming?.title || '',
        // An empty note in a newer file is no edit: it must not blank the note kept here.
        note: (newer && incoming.note ? incoming.note : stored?.note) ?? incoming?.note ?? '',
        count,
        updatedAt: newer ? incoming.updatedAt : (stored?.updatedAt ?? incoming?.updatedAt ?? new Date().toISOString()),
      };
      const source = (newer ? incoming.source : stored?.source) ?? stored?.source ?? incoming?.source;
      if (source !== undefined) record.source = source;
      if (record.count === 0 && !record.note) continue;
      await pageStore.put(record);
      if (record.note !== (stored?.note ?? '')) {
        await recordChange(
          tx,
          pageKey(url),
          { note: record.updatedAt, title: record.updatedAt },
          undefined,
          stored?.note ?? '',
        );
      }
    }
    return {
      added: plan.add.length,
      updated: plan.update.length,
      unchanged: plan.unchanged,
      written: [...plan.add, ...plan.update],
    };
  });
}

// ---- Sync (docs/sync.md): the outbox, records applied from the server, sync's own state ----

/** Sync's stored state: the derived keys, how far the replica's changes were applied. Never the passphrase. */
export async function getSyncValue<T>(name: string): Promise<T | undefined> {
  return (await (await open()).get('meta', name)) as T | undefined;
}

export async function setSyncValue(name: string, value: unknown): Promise<void> {
  await write(['meta'], sizeOf(name), async (tx) => {
    await tx.objectStore('meta').put(value, name);
  });
}

/**
 * Starts recording local changes for sync and puts every annotation and page note in the
 * outbox (the first sync sends everything), or stops and empties the outbox. Nothing else
 * is touched: turning sync off deletes no note.
 */
export async function setSyncRecording(on: boolean): Promise<void> {
  await write(['annotations', 'pages', 'outbox', 'meta'], on ? RECORD_ALLOWANCE : 0, async (tx) => {
    await tx.objectStore('meta').put(on, SYNC_ON);
    const outbox = tx.objectStore('outbox');
    if (!on) {
      await outbox.clear();
      return;
    }
    for (let cursor = await tx.objectStore('annotations').openCursor(); cursor; cursor = await cursor.continue()) {
      const a = cursor.value;
      if (isAnnotation(a) !== undefined) continue;
      await recordChange(tx, annotationKey(a.id), changedFields(undefined, a, a.updatedAt), undefined, a.note);
    }
    for (let cursor = await tx.objectStore('pages').openCursor(); cursor; cursor = await cursor.continue()) {
      const page = cursor.value;
      if (page.note) {
        await recordChange(
          tx,
          pageKey(page.url),
          { note: page.updatedAt, title: page.updatedAt },
          undefined,
          page.note,
        );
      }
    }
  });
}

/** Up to `limit` outbox entries, and how many there are. */
export async function outboxEntries(limit: number): Promise<{ entries: OutboxEntry[]; total: number }> {
  const db = await open();
  const tx = db.transaction('outbox');
  const [entries, total] = await Promise.all([tx.store.getAll(undefined, limit), tx.store.count()]);
  return { entries, total };
}

export async function outboxSize(): Promise<number> {
  return (await open()).count('outbox');
}

/** What applying synced records changed, by page, for the tabs and the popup to draw. */
export interface AppliedChanges {
  saved: Annotation[];
  deleted: { id: string; url: string }[];
  pages: string[];
}

/**
 * Stores records that came from sync, in one transaction, without recording them in the
 * outbox (nothing echoes back to the server). A record with a local change not yet synced
 * (an outbox entry) is skipped: sync merges that change first. `settle` (key -> seq) is the
 * other case: the results of merging those entries, each stored (and its entry removed) only
 * if the entry is still the one sync merged, `seq` and all.
 */
export async function applySynced(
  records: readonly SyncedRecord[],
  settle?: ReadonlyMap<string, number>,
): Promise<AppliedChanges> {
  const changes: AppliedChanges = { saved: [], deleted: [], pages: [] };
  await write(['annotations', 'pages', 'outbox'], sizeOf(records), async (tx) => {
    const outbox = tx.objectStore('outbox');
    const annotations = tx.objectStore('annotations');
    const pages = tx.objectStore('pages');
    for (const record of records) {
      const key =
        record.kind === 'annotation'
          ? annotationKey(record.annotation.id)
          : record.kind === 'page'
            ? pageKey(record.url)
            : record.key;
      const pending = await outbox.get(key);
      const settling = settle?.get(key);
      if (settling !== undefined) {
        if (pending?.seq !== settling) continue;
        await outbox.delete(key);
      } else if (pending) continue;

      if (record.kind === 'annotation') {
        const { annotation, title } = record;
        const existing = await annotations.get(annotation.id);
        if (existing && JSON.stringify(existing) === JSON.stringify(annotation)) continue;
        await annotations.put(annotation);
        const page = (await pages.get(annotation.url)) ?? emptyPage(annotation.url, annotation.updatedAt);
        await pages.put({
          ...page,
          title: page.title || title,
          count: page.count + (existing ? 0 : 1),
          updatedAt: later(page.updatedAt, annotation.updatedAt),
        });
        changes.saved.push(annotation);
      } else if (record.kind === 'deleted') {
        if (!key.startsWith('a:')) continue;
        const id = key.slice(2);
        const existing = await annotations.get(id);
        if (!existing) continue;
        await annotations.delete(id);
        const page = await pages.get(existing.url);
        if (page) {
          const count = Math.max(0, page.count - 1);
          if (count === 0 && !page.note) await pages.delete(page.url);
          else await pages.put({ ...page, count });
        }
        changes.deleted.push({ id, url: existing.url });
      } else {
        const page = await pages.get(record.url);
        if (page && page.note === record.note && (page.title === record.title || !record.title)) continue;
        const next: PageRecord = {
          ...(page ?? emptyPage(record.url, record.updatedAt)),
          note: record.note,
          title: record.title || page?.title || '',
          updatedAt: later(page?.updatedAt ?? record.updatedAt, record.updatedAt),
        };
        if (next.count === 0 && !next.note) {
          if (page) await pages.delete(record.url);
        } else await pages.put(next);
        changes.pages.push(record.url);
      }
    }
  });
  return changes;
}

/** The local side of outbox entries, read in one transaction: each annotation with its page's title, or the page. */
export async function localRecords(
  keys: readonly string[],
): Promise<(({ annotation: Annotation; title: string } | { url: string; title: string; note: string }) | null)[]> {
  const tx = (await open()).transaction(['annotations', 'pages']);
  const annotations = tx.objectStore('annotations');
  const pages = tx.objectStore('pages');
  return Promise.all(
    keys.map(async (key) => {
      if (key.startsWith('a:')) {
        const annotation = await annotations.get(key.slice(2));
        if (!annotation || isAnnotation(annotation) !== undefined) return null;
        return { annotation, title: (await pages.get(annotation.url))?.title ?? '' };
      }
      const page = await pages.get(key.slice(2));
      return page ? { url: page.url, title: page.title, note: page.note } : null;
    }),
  );
}
