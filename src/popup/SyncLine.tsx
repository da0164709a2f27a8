import { useState } from 'preact/hooks';
import { t } from '../shared/i18n';
import { send } from '../shared/messages';
import { syncStatusText } from '../shared/sync-status-text';
import { useSyncStatus } from '../shared/use-sync-status';

/**
 * One line under the popup's tabs while sync is on: its state, live, and Sync now. Nothing
 * at all while sync is off (or when the background cannot tell).
 */
export function SyncLine() {
  const [status, setStatus] = useSyncStatus();
  const [failure, setFailure] = useState<string | null>(null);
  if (!status || status.state === 'off') return null;
  const syncNow = () => {
    setFailure(null);
    send('sync/now', {}).then(setStatus, (error: unknown) =>
      setFailure(error instanceof Error ? error.message : String(error)),
    );
  };
  return (
    <div class="sync-line">
      <output class={`sync-state sync-${status.state}`} aria-live="polite">
        {failure ?? syncStatusText(status)}
      </output>
      <button type="button" onClick={syncNow}>
        {t('syncNow')}
      </button>
    </div>
  );
}
