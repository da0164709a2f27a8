import { type DBSchema, type IDBPDatabase, openDB } from 'idb';
import type { Annotation, PageRecord } from '../shared/types';

/**
 * The only module that touches IndexedDB. It lives in the background because a content
 * script's `indexedDB` belongs to the visited site; everything else asks by message.
 */
interface MarginaliaDB extends DBSchema {
  annotations: { key: string; value: Annotation; indexes: { url: string } };
  pages: { key: string; value: PageRecord };
}

export const DB_NAME = 'marginalia';
export const DB_VERSION = 1;

let connection: Promise<IDBPDatabase<MarginaliaDB>> | undefined;

function open(): Promise<IDBPDatabase<MarginaliaDB>> {
  connection ??= openDB<MarginaliaDB>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      // One case per version, falling through, so any old database climbs every step.
      switch (oldVersion) {
        case 0: {
          const annotations = db.createObjectStore('annotations', { keyPath: 'id' });
          annotations.createIndex('url', 'url');
          db.createObjectStore('pages', { keyPath: 'url' });
        }
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

/** Puts by client-made id, so a retried save is harmless; records the page's title with it. */
export async function saveAnnotation(annotation: Annotation, title: string): Promise<void> {
  const db = await open();
  const tx = db.transaction(['annotations', 'pages'], 'readwrite');
  const pages = tx.objectStore('pages');
  const existing = await pages.get(annotation.url);
  await Promise.all([
    tx.objectStore('annotations').put(annotation),
    pages.put({ url: annotation.url, title: title || existing?.title || '', updatedAt: annotation.updatedAt }),
    tx.done,
  ]);
}

/** Deletes and returns what was deleted, which is all an undo needs. */
export async function deleteAnnotation(id: string): Promise<Annotation | undefined> {
  const db = await open();
  const tx = db.transaction('annotations', 'readwrite');
  const existing = await tx.store.get(id);
  if (existing) await tx.store.delete(id);
  await tx.done;
  return existing;
}

export async function pageFor(url: string): Promise<PageRecord | undefined> {
  return (await open()).get('pages', url);
}
