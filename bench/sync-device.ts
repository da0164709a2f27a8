/**
 * One "device" for bench/sync.mjs, bundled once per device so each has its own db.ts
 * module bound to its own IndexedDB (fake-indexeddb in Node): the engine, db.ts and
 * PouchDB are the product's; the replica uses PouchDB's memory adapter.
 */
import { createRequire } from 'node:module';
import { IDBFactory } from 'fake-indexeddb';
import * as db from '../src/background/db';
import { keysForEnable } from '../src/background/sync/couch';
import type { Pouch, PouchStatic } from '../src/background/sync/pouch-types';
import { SyncService, type SyncSettings } from '../src/background/sync/service';
import type { SyncSetup, SyncStatus } from '../src/shared/sync-types';

const require = createRequire(import.meta.url);
interface PouchConstructor extends PouchStatic {
  plugin(plugin: unknown): PouchConstructor;
  new (name: string, options: Record<string, unknown>): Pouch;
}
// Every device bundle shares Node's one pouchdb-core: its plugins go on once.
const scope = globalThis as { benchPouch?: PouchConstructor };
scope.benchPouch ??= (require('pouchdb-core') as PouchConstructor)
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-replication'));
const PouchDB = scope.benchPouch;

export function makeDevice(name: string) {
  (globalThis as { indexedDB: IDBFactory }).indexedDB = new IDBFactory();
  let settings: SyncSettings | undefined;
  const statuses: SyncStatus[] = [];
  const service = new SyncService({
    store: db,
    PouchDB,
    openReplica: (replica) => new PouchDB(`${name}-${replica}`, { adapter: 'memory' }),
    openRemote: (url, auth) => new PouchDB(url, { adapter: 'http', skip_setup: true, auth }),
    loadSettings: async () => settings,
    saveSettings: async (next) => {
      settings = next;
    },
    onApplied: () => undefined,
    onStatus: (status) => statuses.push(status),
    hasOrigin: async () => true,
    setAlarm: async () => undefined,
  });
  return {
    db,
    service,
    statuses,
    /** Opens this device's database now, while its IndexedDB is the global one. */
    open: () => db.outboxSize(),
    async enable(setup: SyncSetup) {
      const { keys, salt } = await keysForEnable(setup);
      await service.enable(setup, keys, salt);
      await service.runNow();
      return service.current();
    },
  };
}
