/**
 * Two (or more) "devices" in one test process for the sync tests: each its own IndexedDB
 * (fake-indexeddb factory) with its own instance of the real db.ts, its own PouchDB replica
 * (memory adapter), and a SyncService wired as the background wires it, talking HTTP to the
 * in-process CouchDB-protocol server (tests/support/couch-server.ts).
 */
import { createRequire } from 'node:module';
import { IDBFactory } from 'fake-indexeddb';
import { vi } from 'vitest';
import type * as Db from '../../src/background/db';
import type { AppliedChanges } from '../../src/background/db';
import type * as Couch from '../../src/background/sync/couch';
import type { Pouch, PouchStatic } from '../../src/background/sync/pouch-types';
import type * as Service from '../../src/background/sync/service';
import type { SyncSetup, SyncStatus } from '../../src/shared/sync-types';

const require = createRequire(import.meta.url);

interface PouchConstructor extends PouchStatic {
  plugin(plugin: unknown): PouchConstructor;
  new (name: string, options: Record<string, unknown>): Pouch;
}

const PouchDB = (require('pouchdb-core') as PouchConstructor)
  .plugin(require('pouchdb-adapter-memory'))
  .plugin(require('pouchdb-adapter-http'))
  .plugin(require('pouchdb-replication'));

export interface Device {
  name: string;
  db: typeof Db;
  service: Service.SyncService;
  couch: typeof Couch;
  statuses: SyncStatus[];
  applied: AppliedChanges[];
  /** Turns sync on as the 'sync/enable' handler does (checks, key, then the service). */
  enable(setup: SyncSetup): Promise<SyncStatus>;
  /** One sync run to the end. */
  sync(): Promise<SyncStatus>;
  /** A new background on the same profile (database, settings, replica), as after the worker was stopped. */
  restart(): Device;
}

let devices = 0;

export async function makeDevice(name: string): Promise<Device> {
  // A fresh module graph bound to a fresh IndexedDB: db.ts keeps its connection to the
  // factory that was global when it opened, so each device's stays its own.
  vi.resetModules();
  (globalThis as { indexedDB: IDBFactory }).indexedDB = new IDBFactory();
  const db = await import('../../src/background/db');
  await db.outboxSize();
  const service = await import('../../src/background/sync/service');
  const couch = await import('../../src/background/sync/couch');
  const prefix = `device-${++devices}-${name}-`;
  let settings: Service.SyncSettings | undefined;
  const statuses: SyncStatus[] = [];
  const applied: AppliedChanges[] = [];
  const deps: Service.ServiceDeps = {
    store: db,
    PouchDB,
    openReplica: (replica) => new PouchDB(`${prefix}${replica}`, { adapter: 'memory' }),
    // As the background wires it (src/background/sync/index.ts): the run's signal aborts its requests.
    openRemote: (url, auth, signal) =>
      new PouchDB(url, {
        adapter: 'http',
        skip_setup: true,
        auth,
        fetch: couch.stoppableFetch(signal),
      }),
    loadSettings: async () => settings && structuredClone(settings),
    saveSettings: async (next) => {
      settings = next && structuredClone(next);
    },
    onApplied: (changes) => applied.push(changes),
    onStatus: (status) => statuses.push(status),
    hasOrigin: async () => true,
    setAlarm: async () => undefined,
  };
  const build = (instance: Service.SyncService): Device => ({
    name,
    db,
    service: instance,
    couch,
    statuses,
    applied,
    async enable(setup) {
      const { keys, salt } = await couch.keysForEnable(setup);
      const status = await instance.enable(setup, keys, salt);
      await instance.runNow();
      return status;
    },
    async sync() {
      await instance.runNow();
      return instance.current();
    },
    restart() {
      const next = new service.SyncService(deps);
      void next.start();
      return build(next);
    },
  });
  return build(new service.SyncService(deps));
}
