/**
 * The part of PouchDB's API the engine uses, typed here because PouchDB ships no types.
 * The engine only sees these interfaces: the background passes PouchDB with the IndexedDB
 * and HTTP adapters, the tests PouchDB with the memory adapter.
 */
export interface PouchDoc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  [field: string]: unknown;
}

export interface ChangesResult {
  results: { id: string; seq: number | string; changes: { rev: string }[]; doc?: PouchDoc; deleted?: boolean }[];
  last_seq: number | string;
}

export interface Pouch {
  name: string;
  /** With `open_revs: 'all'`: every leaf revision. */
  get(id: string, options: { open_revs: 'all' }): Promise<{ ok?: PouchDoc; missing?: string }[]>;
  get(id: string, options?: Record<string, unknown>): Promise<PouchDoc>;
  put(doc: PouchDoc): Promise<{ ok: boolean; id: string; rev: string }>;
  bulkDocs(
    docs: PouchDoc[],
  ): Promise<({ ok: boolean; id: string; rev: string } | { error: string; status?: number })[]>;
  changes(options: Record<string, unknown>): Promise<ChangesResult>;
  allDocs(options: Record<string, unknown>): Promise<{
    rows: {
      id?: string;
      key: string;
      error?: string;
      value?: { rev: string; deleted?: boolean };
      doc?: PouchDoc | null;
    }[];
  }>;
  info(): Promise<{ doc_count: number; update_seq: number | string }>;
  close(): Promise<void>;
}

export interface ReplicationInfo {
  pending?: number;
  docs_read?: number;
  docs_written?: number;
  last_seq?: number | string;
}

export interface Replication extends PromiseLike<ReplicationInfo & { ok: boolean; status?: string }> {
  on(event: 'change', listener: (info: ReplicationInfo) => void): Replication;
  cancel(): void;
}

export interface PouchStatic {
  replicate(source: Pouch, target: Pouch, options: Record<string, unknown>): Replication;
}
