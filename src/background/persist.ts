/**
 * Asks the browser to keep our storage when the disk runs low (issue 7). Best effort:
 * - Chromium's MV3 service worker has no `navigator.storage.persist` (StorageManager.persist
 *   is exposed to windows only); there "unlimitedStorage" in the manifest already exempts
 *   the extension's IndexedDB from quota and from eviction.
 * - Firefox's background page is a window and has it; with "unlimitedStorage" the grant
 *   needs no prompt.
 */
export function askForPersistentStorage(): void {
  const storage = (globalThis as { navigator?: { storage?: Partial<StorageManager> } }).navigator?.storage;
  if (typeof storage?.persist !== 'function' || typeof storage.persisted !== 'function') return;
  const { persist, persisted } = storage as StorageManager;
  persisted
    .call(storage)
    .then((already) => already || persist.call(storage))
    .then((granted) => {
      if (!granted) console.warn('Marginalia: the browser did not grant persistent storage');
    })
    .catch(() => undefined);
}
