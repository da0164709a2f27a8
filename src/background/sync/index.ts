/**
 * Sync wired to the browser: PouchDB with the IndexedDB adapter for the replica and the
 * HTTP adapter (fetch: works in an MV3 service worker and in Firefox's background page)
 * for the reader's server. Only the background imports this; no page ever loads PouchDB.
 */

import httpAdapter from 'pouchdb-adapter-http';
import idbAdapter from 'pouchdb-adapter-idb';
import PouchDB from 'pouchdb-core';
import replication from 'pouchdb-replication';
import { ext } from '../../shared/browser';
import { eventMessage } from '../../shared/events';
import { broadcast } from '../broadcast';
import * as db from '../db';
import { invalidateSearch } from '../search';
import { stoppableFetch } from './couch';
import type { Pouch, PouchStatic } from './pouch-types';
import { ALARM_MINUTES, ALARM_NAME, SyncService, type SyncSettings } from './service';

interface PouchConstructor extends PouchStatic {
  plugin(plugin: unknown): PouchConstructor;
  new (name: string, options: Record<string, unknown>): Pouch;
}

const PouchWithAdapters = (PouchDB as PouchConstructor).plugin(idbAdapter).plugin(httpAdapter).plugin(replication);
const SETTINGS = 'sync';

export const sync = new SyncService({
  store: db,
  PouchDB: PouchWithAdapters,
  // auto_compaction: only the leaves matter (conflicts are resolved from them); older
  // revisions' ciphertext would otherwise pile up with every edit.
  openReplica: (name) => new PouchWithAdapters(name, { adapter: 'idb', auto_compaction: true }),
  // skip_setup: never create the database behind the reader's back (Test connection offers it).
  // The signal: turning sync off aborts the run's requests in flight (see SyncService.disable).
  openRemote: (url, auth, signal) =>
    new PouchWithAdapters(url, {
      adapter: 'http',
      skip_setup: true,
      auth,
      fetch: stoppableFetch(signal),
    }),
  loadSettings: async () => (await ext.getStored<SyncSettings | null>(SETTINGS)) ?? undefined,
  saveSettings: (settings) => ext.setStored({ [SETTINGS]: settings ?? null }),
  onApplied(changes) {
    if (changes.saved.length + changes.deleted.length + changes.pages.length === 0) return;
    invalidateSearch();
    const byUrl = new Map<string, { saved: typeof changes.saved; deleted: string[] }>();
    const of = (url: string) => {
      const entry = byUrl.get(url) ?? { saved: [], deleted: [] };
      byUrl.set(url, entry);
      return entry;
    };
    for (const a of changes.saved) of(a.url).saved.push(a);
    for (const d of changes.deleted) of(d.url).deleted.push(d.id);
    // Open pages draw what another device highlighted; the popup follows too.
    for (const [url, { saved, deleted }] of byUrl) broadcast('annotations/changed', { url, saved, deleted });
  },
  onStatus(status) {
    ext.sendMessage(eventMessage('sync/changed', status)).catch(() => undefined);
  },
  hasOrigin: (origin) => ext.hasOrigin(origin),
  setAlarm: (on) => (on ? ext.setAlarm(ALARM_NAME, ALARM_MINUTES) : ext.clearAlarm(ALARM_NAME)),
});

/** At background start (listeners first, synchronously, as an MV3 worker needs). */
export function startSync(): void {
  db.onLocalChange(() => sync.localChange());
  ext.onAlarm((name) => {
    if (name === ALARM_NAME) sync.schedule(0);
  });
  void sync.start().catch((error: unknown) => console.error('Marginalia: sync could not start', error));
}
