import type { Handlers } from '../../shared/messages';
import type { SyncStatus } from '../../shared/sync-types';

type SyncNames = 'sync/status' | 'sync/test' | 'sync/enable' | 'sync/now' | 'sync/disable';

const OFF: SyncStatus = {
  state: 'off',
  pending: 0,
  lastSyncedAt: null,
  message: null,
  server: null,
  database: null,
};

/** The sync messages (docs/sync.md). A stub until the engine lands: sync stays off. */
export const syncHandlers: Pick<Handlers, SyncNames> = {
  async 'sync/status'() {
    return OFF;
  },
  async 'sync/test'() {
    return { ok: false, code: 'unreachable', message: 'Sync is not built yet.' };
  },
  async 'sync/enable'() {
    return OFF;
  },
  async 'sync/now'() {
    return OFF;
  },
  async 'sync/disable'() {
    return OFF;
  },
};
