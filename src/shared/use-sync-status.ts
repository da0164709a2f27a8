import { useEffect, useState } from 'preact/hooks';
import { onEvents } from './events';
import { send } from './messages';
import type { SyncStatus } from './sync-types';

/**
 * The background's sync status, kept live: read once, then every 'sync/changed' the
 * background broadcasts (progress included). `null` until the first answer, and when the
 * background cannot tell (the page then shows nothing about sync rather than a guess).
 */
export function useSyncStatus(): [SyncStatus | null, (status: SyncStatus) => void] {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let live = true;
    // An event that arrives before the first answer is newer than it: keep the event.
    let heard = false;
    const stop = onEvents({
      'sync/changed': (next) => {
        heard = true;
        if (live) setStatus(next);
      },
    });
    send('sync/status', {}).then(
      (first) => {
        if (live && !heard) setStatus(first);
      },
      () => undefined,
    );
    return () => {
      live = false;
      stop();
    };
  }, []);
  return [status, setStatus];
}
