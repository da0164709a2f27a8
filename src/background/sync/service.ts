/**
 * Sync in the background (docs/sync.md): the settings, the kept keys, when to run, and the
 * status the popup and options show. One run at a time; a run asked for while one is
 * going runs once after it.
 */
import { t } from '../../shared/i18n';
import type { SyncSetup, SyncStatus } from '../../shared/sync-types';
import type * as db from '../db';
import type { AppliedChanges } from '../db';
import { readerMessage } from '../storage-errors';
import { databaseUrl, serverBase } from './couch';
import type { SyncKeys } from './crypto';
import { SyncError, type SyncStore, syncOnce } from './engine';
import { noteHash } from './note-hash';
import type { Pouch, PouchStatic } from './pouch-types';

/** What is kept between runs (storage.local): never the passphrase. */
export interface SyncSettings {
  server: string;
  database: string;
  username: string;
  password: string;
  /** The key document's salt: a server set up again with another passphrase is noticed. */
  salt: string;
  lastSyncedAt: string | null;
}

/** How the service reaches the world; the background passes the real ones (see index.ts). */
export interface ServiceDeps {
  store: SyncStore & Pick<typeof db, 'setSyncRecording'>;
  PouchDB: PouchStatic;
  openReplica(name: string): Pouch;
  /** `signal` aborts the run's requests in flight when sync is turned off. */
  openRemote(url: string, auth: { username: string; password: string }, signal: AbortSignal): Pouch;
  loadSettings(): Promise<SyncSettings | undefined>;
  saveSettings(settings: SyncSettings | undefined): Promise<void>;
  /** The tabs showing a page and the popup redraw what sync changed. */
  onApplied(changes: AppliedChanges): void;
  onStatus(status: SyncStatus): void;
  hasOrigin(origin: string): Promise<boolean>;
  setAlarm(on: boolean): Promise<void>;
}

const KEYS = 'syncKeys';
/** After a local change: changes made within this time go in one run. */
export const DEBOUNCE_MS = 1000;
export const ALARM_NAME = 'marginalia-sync';
export const ALARM_MINUTES = 5;

const OFF: SyncStatus = {
  state: 'off',
  pending: 0,
  lastSyncedAt: null,
  message: null,
  server: null,
  database: null,
};

export function replicaName(settings: Pick<SyncSettings, 'server' | 'database'>): string {
  return `marginalia-sync-${noteHash(`${serverBase(settings.server)}/${settings.database}`)}`;
}

export function originOf(server: string): string {
  return new URL(server).origin;
}

export class SyncService {
  private status: SyncStatus = OFF;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  /** Bumped by disable/enable: a run of an older setup reports nothing. */
  private generation = 0;
  /** The running run's brake: disable and enable stop it before they change anything. */
  private controller: AbortController | undefined;

  constructor(private readonly deps: ServiceDeps) {}

  /** At background start: the status from the stored settings, and a run if sync is on. */
  async start(): Promise<void> {
    const settings = await this.deps.loadSettings();
    if (!settings) return;
    this.setStatus(this.idle(settings));
    // Alarms can be lost with a browser update or restart: set again at every start.
    await this.deps.setAlarm(true).catch(() => undefined);
    this.schedule(0);
  }

  current(): SyncStatus {
    return this.status;
  }

  private idle(settings: SyncSettings): SyncStatus {
    return {
      state: 'synced',
      pending: 0,
      lastSyncedAt: settings.lastSyncedAt,
      message: null,
      server: serverBase(settings.server),
      database: settings.database,
    };
  }

  private setStatus(status: SyncStatus): void {
    this.status = status;
    this.deps.onStatus(status);
  }

  /** A run in `delay` ms (the latest call decides); at once with 0. */
  schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.runNow();
    }, delay);
  }

  /** Runs now, or once more after the running one; resolves when no run is left to do. */
  async runNow(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        const generation = this.generation;
        await this.runOnce().catch((error: unknown) => {
          // Reading the settings or the kept key failed (storage): said, never unhandled.
          if (generation === this.generation) this.setStatus(statusOf({ ...this.status, state: 'error' }, error));
        });
      } while (this.again);
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async runOnce(): Promise<void> {
    const generation = this.generation;
    const settings = await this.deps.loadSettings();
    const keys = await this.deps.store.getSyncValue<SyncKeys>(KEYS);
    if (!settings || !keys) return;
    const base = this.idle(settings);
    const report = (status: SyncStatus) => {
      if (generation === this.generation) this.setStatus(status);
    };
    if (!(await this.deps.hasOrigin(originOf(settings.server)).catch(() => false))) {
      report({ ...base, state: 'error', message: t('syncErrNoPermission') });
      return;
    }
    report({ ...base, state: 'syncing', pending: this.status.pending });
    const controller = new AbortController();
    this.controller = controller;
    const replica = this.deps.openReplica(replicaName(settings));
    const remote = this.deps.openRemote(
      databaseUrl(settings),
      { username: settings.username, password: settings.password },
      controller.signal,
    );
    try {
      await syncOnce({
        store: this.deps.store,
        PouchDB: this.deps.PouchDB,
        replica,
        remote,
        keys,
        salt: settings.salt,
        onApplied: (changes) => this.deps.onApplied(changes),
        onProgress: (pending) => report({ ...base, state: 'syncing', pending }),
        signal: controller.signal,
      });
      const lastSyncedAt = new Date().toISOString();
      if (generation === this.generation) await this.deps.saveSettings({ ...settings, lastSyncedAt });
      report({ ...base, lastSyncedAt });
    } catch (error) {
      report(statusOf(base, error));
    } finally {
      if (this.controller === controller) this.controller = undefined;
      await Promise.all([replica.close(), remote.close()]).catch(() => undefined);
    }
  }

  /**
   * Stops the run under way (if any) and waits until it has: after this, nothing of the old
   * setup is sent to or read from the server. A run asked for meanwhile is dropped.
   */
  private async stopRunning(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.again = false;
    this.controller?.abort();
    await this.running;
  }

  /** Sync on with checked settings and keys: every local note goes in the outbox, and the first run starts. */
  async enable(setup: SyncSetup, keys: SyncKeys, salt: string): Promise<SyncStatus> {
    this.generation++;
    await this.stopRunning();
    await this.deps.store.setSyncValue(KEYS, keys);
    const settings: SyncSettings = {
      server: serverBase(setup.server),
      database: setup.database,
      username: setup.username,
      password: setup.password,
      salt,
      lastSyncedAt: null,
    };
    await this.deps.saveSettings(settings);
    await this.deps.store.setSyncRecording(true);
    await this.deps.setAlarm(true);
    this.setStatus({ ...this.idle(settings), state: 'syncing' });
    this.schedule(0);
    return this.status;
  }

  /** Sync off: nothing deleted here or on the server; the kept key and password are forgotten. */
  async disable(): Promise<SyncStatus> {
    this.generation++;
    await this.stopRunning();
    await this.deps.setAlarm(false);
    await this.deps.saveSettings(undefined);
    await this.deps.store.setSyncValue(KEYS, undefined);
    await this.deps.store.setSyncRecording(false);
    this.setStatus(OFF);
    return OFF;
  }

  /** Sync now: starts a run and answers at once. */
  async now(): Promise<SyncStatus> {
    const settings = await this.deps.loadSettings();
    if (!settings) return OFF;
    this.schedule(0);
    this.setStatus({ ...this.idle(settings), ...this.status, state: 'syncing', message: null });
    return this.status;
  }

  /** After a local change (debounced): a new highlight reaches the server within about two seconds. */
  localChange(): void {
    if (this.status.state !== 'off') this.schedule(DEBOUNCE_MS);
  }
}

/** The reader's status after a run that could not finish. */
function statusOf(base: SyncStatus, error: unknown): SyncStatus {
  if (error instanceof SyncError) {
    switch (error.code) {
      case 'offline':
        return { ...base, state: 'offline', message: t('syncOfflineDefault') };
      case 'unauthorized':
        return { ...base, state: 'error', message: t('syncErrUnauthorized') };
      case 'forbidden':
        return { ...base, state: 'error', message: t('syncErrForbidden') };
      case 'no-database':
        return { ...base, state: 'error', message: t('syncErrNoDatabase') };
      case 'key-changed':
        return { ...base, state: 'error', message: t('syncErrKeyChanged') };
      case 'cancelled':
        // Only a run of an older setup is cancelled, and its status is never shown.
        return base;
    }
  }
  console.error('Marginalia: sync failed', error);
  return { ...base, state: 'error', message: readerMessage(error) };
}
