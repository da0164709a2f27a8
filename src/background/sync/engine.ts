/**
 * One sync run (docs/sync.md): pull from the server into the replica, drain the outbox into
 * the replica, apply the replica's changes to idb, push the replica to the server. The
 * replica holds exactly what the server holds (ciphertext); idb stays what the product
 * reads. Everything the engine touches comes in through `SyncDeps`, so the tests run two
 * "devices" in one process against a real CouchDB-protocol server.
 */

import type * as Db from '../db';
import type { AppliedChanges, OutboxEntry, SyncedRecord } from '../db';
import { decryptBody, docIdOf, encryptBody, KEY_DOC_ID, type SyncKeys } from './crypto';
import { type Body, isBody, mergeBodies, mergeLocal, sameBody } from './merge';
import type { Pouch, PouchDoc, PouchStatic } from './pouch-types';

export type SyncStore = Pick<
  typeof Db,
  'outboxEntries' | 'applySynced' | 'localRecords' | 'getSyncValue' | 'setSyncValue'
>;

export interface SyncDeps {
  store: SyncStore;
  PouchDB: PouchStatic;
  replica: Pouch;
  remote: Pouch;
  keys: SyncKeys;
  /** The salt of the key document this device set up with: if the server's changes, stop. */
  salt: string;
  /** Tabs and the popup draw what changed. */
  onApplied(changes: AppliedChanges): void;
  /** Documents left in the running step, for the reader's "n left". */
  onProgress(pending: number): void;
  /** Sync turned off (or set up again) while this run goes: stop at once, send nothing more. */
  signal?: AbortSignal;
}

export type SyncErrorCode = 'offline' | 'unauthorized' | 'forbidden' | 'no-database' | 'key-changed' | 'cancelled';

/** A sync that could not finish, classified for the reader's status. */
export class SyncError extends Error {
  constructor(
    readonly code: SyncErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

/** Maps PouchDB's and fetch's failures to what the reader is told. */
export function classify(error: unknown): unknown {
  if (error instanceof SyncError) return error;
  const e = error as { status?: unknown; name?: unknown; message?: unknown; reason?: unknown } | null;
  const status = typeof e?.status === 'number' ? e.status : 0;
  const text = String(e?.message ?? e?.name ?? error);
  if (status === 401) return new SyncError('unauthorized', text);
  if (status === 403) return new SyncError('forbidden', text);
  // The server's database is gone (CouchDB: "Database does not exist."; pouchdb-server: no_db_file).
  if (status === 404 && /no_db_file|database/i.test(`${String(e?.reason)} ${text}`)) {
    return new SyncError('no-database', text);
  }
  // No answer at all (refused, reset, DNS, offline) or a server error: try again later.
  if (status === 0 || status >= 500) {
    if (e instanceof DOMException || (e && /quota/i.test(text))) return error;
    if (status >= 500 || e instanceof TypeError || /fetch|network|socket|ECONN|abort/i.test(text) || !e?.status) {
      return new SyncError('offline', text);
    }
  }
  return error;
}

const BATCH = 100;

/** Between steps and batches: a run whose sync was turned off goes no further. */
function stopIfCancelled(deps: SyncDeps): void {
  if (deps.signal?.aborted) throw new SyncError('cancelled', 'sync was turned off during the run');
}

async function replicate(
  deps: SyncDeps,
  source: Pouch,
  target: Pouch,
  checkpoint: 'source' | 'target' | boolean,
): Promise<void> {
  // One-shot, not live (an MV3 worker is stopped when idle); batches keep memory bounded
  // and every batch is checkpointed, so a run that is cut resumes from the last one.
  const replication = deps.PouchDB.replicate(source, target, {
    batch_size: BATCH,
    batches_limit: 2,
    retry: false,
    checkpoint,
  });
  // CouchDB says how many changes are left; PouchDB and pouchdb-server do not, so then it
  // is estimated from the source's sequence number (one change per document on a first sync).
  const sourceSeq = await source.info().then(
    (info) => info.update_seq,
    () => undefined,
  );
  replication.on('change', (info) => {
    if (typeof info.pending === 'number') deps.onProgress(info.pending);
    else if (typeof sourceSeq === 'number' && typeof info.last_seq === 'number') {
      deps.onProgress(Math.max(0, sourceSeq - info.last_seq));
    }
  });
  // Turned off mid-run: PouchDB stops after the request in flight (the remote's fetch is
  // aborted by the same signal, see ServiceDeps.openRemote) and settles as "cancelled".
  const cancel = () => replication.cancel();
  deps.signal?.addEventListener('abort', cancel);
  if (deps.signal?.aborted) cancel();
  try {
    const result = await replication;
    stopIfCancelled(deps);
    if (result.status === 'aborted' || result.ok === false) throw new SyncError('offline', 'replication was cut');
  } catch (error) {
    stopIfCancelled(deps);
    throw error;
  } finally {
    deps.signal?.removeEventListener('abort', cancel);
  }
}

async function openBody(keys: SyncKeys, doc: PouchDoc): Promise<Body | undefined> {
  try {
    const body = await decryptBody(keys, doc._id, doc);
    return isBody(body) ? body : undefined;
  } catch {
    // Not ours to read (another key, tampered, a bare deletion): left out, never applied.
    return undefined;
  }
}

async function sealDoc(keys: SyncKeys, id: string, body: Body, rev: string | undefined): Promise<PouchDoc> {
  const doc: PouchDoc = { _id: id, ...(await encryptBody(keys, id, body)) };
  if (rev) doc._rev = rev;
  if (body.kind === 'deleted') doc._deleted = true;
  return doc;
}

interface Resolved {
  body: Body | undefined;
}

/**
 * The one body a document stands for, all its leaf revisions merged by the conflict rule.
 * When it has concurrent live revisions, the result is written as the only live one (the
 * others deleted), so the conflict is settled on the server for every device.
 */
async function resolve(deps: SyncDeps, id: string): Promise<Resolved & { rev: string | undefined }> {
  const all = await deps.replica.get(id, { open_revs: 'all' }).catch((error: { status?: number }) => {
    if (error?.status === 404) return [];
    throw error;
  });
  const leaves = all.map((leaf) => leaf.ok).filter((doc): doc is PouchDoc => !!doc);
  if (leaves.length === 0) return { body: undefined, rev: undefined };
  const opened = await Promise.all(leaves.map(async (doc) => ({ doc, body: await openBody(deps.keys, doc) })));
  const readable = opened.filter((o): o is { doc: PouchDoc; body: Body } => o.body !== undefined);
  const live = opened.filter((o) => !o.doc._deleted).sort((a, b) => revOrder(b.doc._rev, a.doc._rev));
  const merged = mergeBodies(readable.map((o) => o.body));
  const [keep, ...others] = live;
  if (!merged) return { body: undefined, rev: keep?.doc._rev };
  // Settled already: one live revision (or none) that says what the merge says.
  if (others.length === 0 && (keep ? sameBody(keep.body, merged) : merged.kind === 'deleted')) {
    return { body: merged, rev: keep?.doc._rev };
  }
  const writes: PouchDoc[] = others.map((o) => ({ _id: id, _rev: o.doc._rev, _deleted: true }));
  writes.push(await sealDoc(deps.keys, id, merged, keep?.doc._rev));
  const results = await deps.replica.bulkDocs(writes);
  const last = results[results.length - 1];
  return { body: merged, rev: last && 'rev' in last ? last.rev : undefined };
}

/** Newer revision first: by generation, then by hash, the same order everywhere. */
function revOrder(a: string | undefined, b: string | undefined): number {
  const [ga, ha] = (a ?? '0-').split('-');
  const [gb, hb] = (b ?? '0-').split('-');
  return Number(ga) - Number(gb) || (ha! < hb! ? -1 : ha! > hb! ? 1 : 0);
}

function asRecord(body: Body): SyncedRecord {
  if (body.kind === 'annotation') return { kind: 'annotation', annotation: body.annotation, title: body.title };
  if (body.kind === 'deleted') return { kind: 'deleted', key: body.key };
  return { kind: 'page', url: body.url, title: body.title, note: body.note, updatedAt: body.times.note };
}

/** What the replica holds for these ids: the one body each stands for and its live revision. */
async function currentBodies(
  deps: SyncDeps,
  ids: string[],
): Promise<{ body: Body | undefined; rev: string | undefined }[]> {
  const { rows } = await deps.replica.allDocs({ keys: ids, include_docs: true, conflicts: true });
  return Promise.all(
    rows.map(async (row, i) => {
      const doc = row.doc;
      if (row.error || !row.value) return { body: undefined, rev: undefined };
      // Deleted (its body is not listed) or in conflict: all its leaves decide.
      if (row.value.deleted || !doc || (doc._conflicts as string[] | undefined)?.length) return resolve(deps, ids[i]!);
      return { body: await openBody(deps.keys, doc), rev: doc._rev };
    }),
  );
}

/**
 * Local changes into the replica, a batch at a time: each outbox entry merged with the
 * replica's document, written there if that changes it, and the result stored here (the
 * entry removed) only if the reader did not change the record again meanwhile.
 */
async function drainOutbox(deps: SyncDeps): Promise<void> {
  const done = new Map<string, number>();
  for (;;) {
    // Settled entries leave the outbox; one still here was changed again meanwhile (a new
    // seq) and is merged again. The same seq twice would mean no progress: stop there.
    stopIfCancelled(deps);
    const { entries, total } = await deps.store.outboxEntries(BATCH);
    const todo = entries.filter((e: OutboxEntry) => done.get(e.key) !== e.seq);
    if (todo.length === 0) break;
    deps.onProgress(total);
    const keys = todo.map((e) => e.key);
    const ids = await Promise.all(keys.map((key) => docIdOf(deps.keys, key)));
    const [current, locals] = await Promise.all([currentBodies(deps, ids), deps.store.localRecords(keys)]);
    const now = new Date().toISOString();
    const writes: PouchDoc[] = [];
    const records: SyncedRecord[] = [];
    const settle = new Map<string, number>();
    for (const [i, entry] of todo.entries()) {
      const { body, rev } = current[i]!;
      const next = mergeLocal(body, locals[i] ?? null, entry, now);
      if (!sameBody(body, next)) writes.push(await sealDoc(deps.keys, ids[i]!, next, rev));
      records.push(asRecord(next));
      settle.set(entry.key, entry.seq);
      done.set(entry.key, entry.seq);
    }
    const results = await deps.replica.bulkDocs(writes);
    const failed = results.find((r) => 'error' in r);
    if (failed) throw new Error(`the local replica refused a write (${(failed as { error: string }).error})`);
    deps.onApplied(await deps.store.applySynced(records, settle));
  }
}

/** The replica's changes since the last run, decrypted and resolved, into idb (never back into the outbox). */
async function applyChanges(deps: SyncDeps): Promise<void> {
  const seqName = `appliedSeq:${deps.replica.name}`;
  let since = (await deps.store.getSyncValue<number | string>(seqName)) ?? 0;
  const { update_seq: lastSeq } = await deps.replica.info();
  for (;;) {
    stopIfCancelled(deps);
    if (typeof lastSeq === 'number' && typeof since === 'number') deps.onProgress(Math.max(0, lastSeq - since));
    const { results, last_seq } = await deps.replica.changes({
      since,
      limit: BATCH,
      include_docs: true,
      style: 'all_docs',
    });
    if (results.length === 0) break;
    const records: SyncedRecord[] = [];
    let unreadable = 0;
    for (const change of results) {
      if (change.id === KEY_DOC_ID || change.id.startsWith('_design/')) continue;
      const body =
        change.changes.length > 1 || !change.doc
          ? (await resolve(deps, change.id)).body
          : await openBody(deps.keys, change.doc);
      if (body) records.push(asRecord(body));
      else if (!change.deleted) unreadable++;
    }
    // Another key or a changed document: never applied. Said where a maintainer looks.
    if (unreadable > 0)
      console.warn(`Marginalia: ${unreadable} synced document(s) could not be decrypted and were left out`);
    deps.onApplied(await deps.store.applySynced(records));
    since = last_seq;
    await deps.store.setSyncValue(seqName, since);
  }
}

async function checkKey(deps: SyncDeps): Promise<void> {
  let doc: PouchDoc | undefined;
  try {
    doc = await deps.replica.get(KEY_DOC_ID);
  } catch {
    doc = undefined;
  }
  if (doc && doc.salt !== deps.salt) {
    throw new SyncError('key-changed', 'the database was set up again with another passphrase');
  }
}

/** One full run. Throws a SyncError (or a storage error) when it cannot finish; what was done stays done. */
export async function syncOnce(deps: SyncDeps): Promise<void> {
  try {
    await replicate(deps, deps.remote, deps.replica, 'target');
    await checkKey(deps);
    await drainOutbox(deps);
    await applyChanges(deps);
    stopIfCancelled(deps);
    await replicate(deps, deps.replica, deps.remote, 'source');
  } catch (error) {
    throw classify(error);
  }
}
