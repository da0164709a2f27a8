/**
 * Sync through the reader's own CouchDB (issue 12): what the options page and the popup
 * send to the background and what they are told back. The engine lives in
 * src/background/sync/; these are only the shapes that cross the message boundary.
 */
export interface SyncSetup {
  server: string;
  database: string;
  username: string;
  password: string;
  passphrase: string;
}

export type SyncCheckCode =
  | 'ok'
  | 'new-database'
  | 'unreachable'
  | 'unauthorized'
  | 'forbidden'
  | 'no-database'
  | 'wrong-passphrase'
  | 'not-couchdb'
  | 'no-permission'
  | 'invalid';

export interface SyncCheck {
  ok: boolean;
  code: SyncCheckCode;
  message: string;
  /** no-database: the user may create it */
  canCreate?: boolean;
}

export type SyncState = 'off' | 'synced' | 'syncing' | 'offline' | 'error';

export interface SyncStatus {
  state: SyncState;
  /** documents left to send or apply in the running sync (0 when idle) */
  pending: number;
  lastSyncedAt: string | null; // ISO
  /** reader-facing: the error and what to do (state 'error' / 'offline'), else null */
  message: string | null;
  server: string | null; // origin + path as configured, never the password
  database: string | null;
}
