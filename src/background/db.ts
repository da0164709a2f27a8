import { type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames, openDB } from 'idb';
import { planMerge } from '../shared/backup-merge';
import type { Annotation, PageRecord } from '../shared/types';

/**
 * The only module that touches IndexedDB. It lives in the background because a content
 * script's `indexedDB` belongs to the visited site; everything else asks by message.
 */
interface MarginaliaDB extends DBSchema {
  annotations: { key: string; value: Annotation; indexes: { url: string } };
  pages: { key: string; value: PageRecord; indexes: { updatedAt: string } };
}

export const DB_NAME = 'marginalia';
export const DB_VERSION = 2;

type UpgradeTx = IDBPTransaction<MarginaliaDB, StoreNames<MarginaliaDB>[], 'versionchange'>;

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
    const { url, updatedAt } = cursor.value;
    const seen = counts.get(url);
    counts.set(url, { count: (seen?.count ?? 0) + 1, updatedAt: seen && seen.updatedAt > updatedAt ? seen.updatedAt : updatedAt });
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

let connection: Promise<IDBPDatabase<MarginaliaDB>> | undefined;

function open(): Promise<IDBPDatabase<MarginaliaDB>> {
  connection ??= openDB<MarginaliaDB>(DB_NAME, DB_VERSION, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      // One case per version, falling through, so any old database climbs every step.
      // Only IndexedDB is awaited in here: anything else would end the transaction.
      switch (oldVersion) {
        case 0: {
          const annotations = db.createObjectStore('annotations', { keyPath: 'id' });
          annotations.createIndex('url', 'url');
          db.createObjectStore('pages', { keyPath: 'url' });
        }
        // falls through
        case 1:
          await upgradeToV2(tx);
      }
    },
    blocking() {
      // A newer version is waiting for us: step aside so its upgrade can run.
      void connection?.then((db) => db.close());
      connection = undefined;
    },
    terminated() {
      connection = undefined;
    },
  }).catch((error: unknown) => {
    connection = undefined;
    throw error;
  });
  return connection;
}

/** Closes the connection; the next call opens it again. */
export async function closeDb(): Promise<void> {
  const db = await connection;
  db?.close();
  connection = undefined;
}

/** Returns a page's annotations in the order they were stored; callers sort for reading order. */
export async function annotationsFor(url: string): Promise<Annotation[]> {
  return (await open()).getAllFromIndex('annotations', 'url', url);
}

export async function getAnnotation(id: string): Promise<Annotation | undefined> {
  return (await open()).get('annotations', id);
}

export async function allAnnotations(): Promise<Annotation[]> {
  return (await open()).getAll('annotations');
}

function emptyPage(url: string, updatedAt: string): PageRecord {
  return { url, title: '', note: '', count: 0, updatedAt };
}

/**
 * Puts by client-made id, so a retried save is harmless; keeps the page's record (title,
 * count, last change) in the same transaction, so the two never disagree.
 */
export async function saveAnnotation(annotation: Annotation, title: string): Promise<void> {
  const db = await open();
  const tx = db.transaction(['annotations', 'pages'], 'readwrite');
  const annotations = tx.objectStore('annotations');
  const pages = tx.objectStore('pages');
  const [existing, page] = await Promise.all([annotations.get(annotation.id), pages.get(annotation.url)]);
  const record = page ?? emptyPage(annotation.url, annotation.updatedAt);
  await Promise.all([
    annotations.put(annotation),
    pages.put({
      ...record,
      title: title || record.title,
      count: record.count + (existing ? 0 : 1),
      updatedAt: record.updatedAt > annotation.updatedAt ? record.updatedAt : annotation.updatedAt,
    }),
    tx.done,
  ]);
}

/** Deletes and returns what was deleted, which is all an undo needs. */
export async function deleteAnnotation(id: string): Promise<Annotation | undefined> {
  const db = await open();
  const tx = db.transaction(['annotations', 'pages'], 'readwrite');
  const existing = await tx.objectStore('annotations').get(id);
  if (existing) {
    await tx.objectStore('annotations').delete(id);
    const page = await tx.objectStore('pages').get(existing.url);
    if (page) {
      const count = Math.max(0, page.count - 1);
      // A page left with nothing of the reader's leaves the library.
      if (count === 0 && !page.note) await tx.objectStore('pages').delete(page.url);
      else await tx.objectStore('pages').put({ ...page, count });
    }
  }
  await tx.done;
  return existing;
}

export async function pageFor(url: string): Promise<PageRecord | undefined> {
  return (await open()).get('pages', url);
}

export async function savePageNote(url: string, note: string, title: string): Promise<PageRecord> {
  const db = await open();
  const tx = db.transaction('pages', 'readwrite');
  const now = new Date().toISOString();
  const page = (await tx.store.get(url)) ?? emptyPage(url, now);
  const next = { ...page, note, title: title || page.title, updatedAt: now };
  if (next.count === 0 && !note) await tx.store.delete(url);
  else await tx.store.put(next);
  await tx.done;
  return next;
}

/** Every page with notes, most recently changed first. */
export async function allPages(): Promise<PageRecord[]> {
  return (await (await open()).getAllFromIndex('pages', 'updatedAt')).reverse();
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
  pages: readonly { url: string; title: string; note?: string; updatedAt: string }[],
  annotations: readonly Annotation[],
): Promise<ImportCounts & { written: Annotation[] }> {
  const db = await open();
  const tx = db.transaction(['annotations', 'pages'], 'readwrite');
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
      note: (newer ? incoming.note : stored?.note) ?? stored?.note ?? '',
      count,
      updatedAt: newer ? incoming.updatedAt : (stored?.updatedAt ?? incoming?.updatedAt ?? new Date().toISOString()),
    };
    if (record.count === 0 && !record.note) continue;
    await pageStore.put(record);
  }
  await tx.done;
  return { added: plan.add.length, updated: plan.update.length, unchanged: plan.unchanged, written: [...plan.add, ...plan.update] };
}
