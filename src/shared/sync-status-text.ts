import { t } from './i18n';
import type { SyncStatus } from './sync-types';

/** When the last sync finished, as the reader's browser writes a date and time. */
function when(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? ''
    : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * The one sentence the popup and the options page show for the sync status: the state, and
 * for 'offline' and 'error' what happened and what to do (the background's own words when
 * it has them).
 */
export function syncStatusText(status: SyncStatus): string {
  switch (status.state) {
    case 'off':
      return t('syncStateOff');
    case 'synced': {
      const at = when(status.lastSyncedAt);
      return at ? t('syncStateSyncedAt', at) : t('syncStateSynced');
    }
    case 'syncing':
      return status.pending > 0 ? t('syncStateSyncingLeft', status.pending.toLocaleString()) : t('syncStateSyncing');
    case 'offline':
      return t('syncStateOffline', status.message ?? t('syncOfflineDefault'));
    case 'error':
      return t('syncStateError', status.message ?? t('syncErrorDefault'));
  }
}
