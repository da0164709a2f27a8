import { closeDb, DB_NAME } from '../../src/background/db';

/** Closes our connection and deletes the database, so the next test starts from nothing. */
export async function deleteDatabase(): Promise<void> {
  await closeDb();
  await new Promise<void>((resolve, reject) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = () => resolve();
    request.onerror = () => reject(request.error);
    request.onblocked = () => reject(new Error('deleting the test database was blocked by an open connection'));
  });
}
