/**
 * Issue 7, faults: stale copies, damaged records, schema upgrades, a database that cannot
 * be opened, and a full disk. Everything goes through `dispatch(handlers, …)` on
 * fake-indexeddb, as the content script and the popup reach the background.
 */
import 'fake-indexeddb/auto';
import { type IDBPDatabase, openDB } from 'idb';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', () => import('./seam-mock'));

import {
  DB_NAME,
  DB_VERSION,
  getAnnotation,
  OPEN_TIMEOUT_MS,
  saveAnnotation,
  upgradeSchema,
} from '../../src/background/db';
import { handlers } from '../../src/background/handlers';
import { isOutOfSpace, outOfSpace, readerMessage } from '../../src/background/storage-errors';
import { ext, type Sender } from '../../src/shared/browser';
import { dispatch } from '../../src/shared/messages';
import type { Annotation, PageRecord } from '../../src/shared/types';
import { deleteDatabase } from './fresh-database';
import { makeAnnotation } from './make-annotation';

const A = 'https://a.example/article';
const B = 'https://b.example/other';
const tabOn = (url: string, id = 7): Sender => ({ id: 'ext-id', url, tab: { id } });
const popup: Sender = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };
const ask = (sender: Sender, name: string, req: unknown) => dispatch(handlers, { marginalia: 1, name, req }, sender);

afterEach(async () => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  await deleteDatabase();
});

/** A second connection of the test's own, at whatever version the database has now. */
function raw(): Promise<IDBPDatabase> {
  return openDB(DB_NAME);
}

/** The database as the first release wrote it: version 1, no page notes, no counts. */
async function versionOneWith(annotations: Annotation[], pages: object[]): Promise<void> {
  const v1 = await openDB(DB_NAME, 1, {
    upgrade(db) {
      db.createObjectStore('annotations', { keyPath: 'id' }).createIndex('url', 'url');
      db.createObjectStore('pages', { keyPath: 'url' });
    },
  });
  for (const a of annotations) await v1.put('annotations', a);
  for (const p of pages) await v1.put('pages', p);
  v1.close();
}

const v1Annotations = [
  makeAnnotation({
    id: 'v1-annotation-1',
    url: A,
    quote: 'first',
    note: 'kept as written',
    tags: ['t'],
    updatedAt: '2025-01-01T00:00:00.000Z',
  }),
  makeAnnotation({ id: 'v1-annotation-2', url: A, quote: 'second', start: 40, updatedAt: '2025-03-01T00:00:00.000Z' }),
  makeAnnotation({ id: 'v1-annotation-3', url: B, quote: 'third', color: 'blue' }),
];
const v1Pages = [{ url: A, title: 'Old title', updatedAt: '2025-03-01T00:00:00.000Z' }];

describe('stale copies never overwrite a newer edit', () => {
  const first = makeAnnotation({
    id: 'edited-0001',
    url: A,
    note: 'first draft',
    updatedAt: '2025-01-01T10:00:00.000Z',
  });
  const edited = { ...first, note: 'edited in the popup', updatedAt: '2025-01-01T10:05:00.000Z' };

  it('a save older than the stored record is answered ok, marked stale, and the newer note stays', async () => {
    expect(await ask(popup, 'annotations/save', { annotation: edited, title: 'A' })).toMatchObject({ ok: true });
    const late = await ask(tabOn(A), 'annotations/save', { annotation: first, title: 'A' });
    expect(late).toMatchObject({ ok: true, value: { stale: true } });
    expect(await getAnnotation(first.id)).toEqual(edited);
  });

  it('the tab that sent a stale copy is told the newer one, so it draws what is stored', async () => {
    await ask(popup, 'annotations/save', { annotation: edited, title: 'A' });
    vi.mocked(ext.sendToTab).mockClear();
    await ask(tabOn(A, 41), 'annotations/list', { url: A });
    await ask(tabOn(A, 41), 'annotations/save', { annotation: first, title: 'A' });
    expect(ext.sendToTab).toHaveBeenCalledWith(41, {
      marginaliaEvent: 1,
      name: 'annotations/changed',
      payload: { url: A, saved: [edited], deleted: [] },
    });
  });

  it('a newer save replaces an older one, and a retry of the same save changes nothing', async () => {
    await ask(tabOn(A), 'annotations/save', { annotation: first, title: 'A' });
    expect(await ask(popup, 'annotations/save', { annotation: edited, title: 'A' })).toEqual({
      ok: true,
      value: { savedAt: expect.any(String) },
    });
    expect(await ask(popup, 'annotations/save', { annotation: edited, title: 'A' })).not.toMatchObject({
      value: { stale: true },
    });
    expect(await getAnnotation(first.id)).toEqual(edited);
    expect(await ask(popup, 'page/get', { url: A })).toMatchObject({
      ok: true,
      value: { page: { count: 1 }, annotations: [edited] },
    });
  });

  it('times are compared as times: .5 s written as "…00.5Z" is newer than "…00Z"', async () => {
    const whole = { ...first, note: 'at :00', updatedAt: '2025-01-01T10:00:00Z' };
    const half = { ...first, note: 'at :00.5', updatedAt: '2025-01-01T10:00:00.5Z' };
    await saveAnnotation(half, 'A');
    expect(await saveAnnotation(whole, 'A')).toMatchObject({ stale: true });
    expect((await getAnnotation(first.id))?.note).toBe('at :00.5');
  });

  it('Undo after Delete stores the annotation again with its old date, as a plain add', async () => {
    await ask(popup, 'annotations/save', { annotation: edited, title: 'A' });
    expect(await ask(tabOn(A), 'annotations/delete', { id: edited.id })).toMatchObject({
      ok: true,
      value: { deleted: edited },
    });
    expect(await ask(tabOn(A), 'annotations/save', { annotation: edited, title: 'A' })).toEqual({
      ok: true,
      value: { savedAt: expect.any(String) },
    });
    expect(await getAnnotation(edited.id)).toEqual(edited);
    expect(await ask(popup, 'page/get', { url: A })).toMatchObject({ ok: true, value: { page: { count: 1 } } });
  });
});

describe('a damaged or future-version record is skipped with a warning; the rest still works', () => {
  const good = [
    makeAnnotation({ id: 'good-00001', url: A, quote: 'alpha passage', note: 'findable note', tags: ['keep'] }),
    makeAnnotation({ id: 'good-00002', url: A, quote: 'beta passage', start: 50 }),
    makeAnnotation({ id: 'good-00003', url: B, quote: 'gamma passage', note: 'findable too' }),
  ];
  const bad: unknown[] = [
    {
      id: 'bad-no-target',
      url: A,
      color: 'yellow',
      note: 'findable but broken',
      tags: [],
      createdAt: 'x',
      updatedAt: 'y',
    },
    // What a later version might write: a selector kind this version does not know.
    {
      ...good[0],
      id: 'future-selector',
      target: { selector: [{ type: 'CssSelector', value: '#x' }] },
      note: 'findable from the future',
    },
    { ...good[0], id: 'bad-tags-0001', tags: 'not a list' },
    { id: 'bad-no-url-01', note: 'findable' },
  ];

  async function libraryWithDamage(): Promise<void> {
    for (const a of good)
      expect(await ask(popup, 'annotations/save', { annotation: a, title: 'T' })).toMatchObject({ ok: true });
    await ask(popup, 'page/note', { url: 'https://c.example/', note: 'a page note', title: 'C' });
    const db = await raw();
    for (const record of bad) await db.put('annotations', record);
    await db.put('pages', {
      url: 'https://d.example/',
      title: 42,
      count: 'many',
      updatedAt: '2025-01-01T00:00:00.000Z',
    });
    db.close();
  }

  it('the page list, page/get, search, tags and the export of everything leave them out and answer the rest', async () => {
    await libraryWithDamage();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});

    const listed = await ask(tabOn(A), 'annotations/list', { url: A });
    expect(listed).toMatchObject({ ok: true });
    expect((listed as { value: Annotation[] }).value.map((a) => a.id).sort()).toEqual(['good-00001', 'good-00002']);

    expect(await ask(popup, 'page/get', { url: A })).toMatchObject({
      ok: true,
      value: { annotations: expect.any(Array) },
    });

    const pages = await ask(popup, 'library/pages', {});
    expect((pages as { value: { pages: PageRecord[] } }).value.pages.map((p) => p.url).sort()).toEqual([
      A,
      B,
      'https://c.example/',
    ]);

    const search = await ask(popup, 'library/search', { query: 'findable', color: null, tag: null, limit: 100 });
    expect(search).toMatchObject({ ok: true, value: { total: 2 } });

    expect(await ask(popup, 'library/tags', {})).toEqual({ ok: true, value: { tags: ['keep'] } });

    const everything = await ask(popup, 'library/everything', {});
    expect(everything).toMatchObject({ ok: true });
    const { annotations, pages: exported } = (
      everything as { value: { annotations: Annotation[]; pages: PageRecord[] } }
    ).value;
    expect(annotations.map((a) => a.id).sort()).toEqual(good.map((a) => a.id).sort());
    expect(exported).toHaveLength(3);

    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^Marginalia: skipped 4 unreadable annotation record/),
      expect.any(Array),
    );
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(/^Marginalia: skipped 1 unreadable page record/),
      expect.any(Array),
    );
  });

  it('the damaged records are left on disk untouched (a later version may read them)', async () => {
    await libraryWithDamage();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await ask(popup, 'library/everything', {});
    const db = await raw();
    expect(await db.get('annotations', 'future-selector')).toEqual(bad[1]);
    db.close();
  });

  it('saving over a damaged record with the same id repairs it', async () => {
    await libraryWithDamage();
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const repaired = makeAnnotation({ id: 'bad-tags-0001', url: A, note: 'whole again' });
    expect(await ask(popup, 'annotations/save', { annotation: repaired, title: 'A' })).toMatchObject({ ok: true });
    expect(await getAnnotation('bad-tags-0001')).toEqual(repaired);
  });
});

describe('schema upgrade from version 1', () => {
  it('with the popup and two tabs holding version 1 open, they close on versionchange and every v1 record reads back identical', async () => {
    await versionOneWith(v1Annotations, v1Pages);
    // Each open context of the old release holds a connection that steps aside, as `blocking` does.
    const told: string[] = [];
    const old = await Promise.all(
      ['popup', 'tab 1', 'tab 2'].map((who) =>
        openDB(DB_NAME, 1, {
          blocking() {
            told.push(who);
            old[['popup', 'tab 1', 'tab 2'].indexOf(who)]?.close();
          },
        }),
      ),
    );

    const listed = await ask(tabOn(A), 'annotations/list', { url: A });
    expect(told.sort()).toEqual(['popup', 'tab 1', 'tab 2']);
    expect(listed).toEqual({ ok: true, value: expect.arrayContaining(v1Annotations.slice(0, 2)) });
    const everything = (await ask(popup, 'library/everything', {})) as {
      value: { annotations: Annotation[]; pages: PageRecord[] };
    };
    expect(everything.value.annotations.sort((a, b) => a.id.localeCompare(b.id))).toEqual(v1Annotations);
    expect(everything.value.pages.find((p) => p.url === A)).toEqual({ ...v1Pages[0], note: '', count: 2 });
    const db = await raw();
    expect(db.version).toBe(DB_VERSION);
    db.close();
  });

  it('our own connection steps aside when a newer version opens, and then says the database is from a newer Marginalia', async () => {
    await ask(popup, 'annotations/save', { annotation: v1Annotations[0], title: 'A' });
    let blocked = false;
    const newer = await openDB(DB_NAME, DB_VERSION + 1, {
      blocked() {
        blocked = true;
      },
    });
    expect(blocked).toBe(false);
    newer.close();
    expect(await ask(popup, 'library/pages', {})).toEqual({
      ok: false,
      error: {
        code: 'storage',
        message:
          'Marginalia’s database was written by a newer version of Marginalia. Update Marginalia to open it; nothing was changed.',
      },
    });
  });

  it('an upgrade step that throws leaves the database at version 1 with its data, says so, and the next try upgrades', async () => {
    await versionOneWith(v1Annotations, v1Pages);
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const createIndex = vi.spyOn(IDBObjectStore.prototype, 'createIndex').mockImplementationOnce(() => {
      throw new DOMException('the disk said no', 'UnknownError');
    });

    const reply = await ask(popup, 'library/pages', {});
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'storage',
        message: `Marginalia could not update its database from version 1 to ${DB_VERSION}, so it is left as it was and no note is lost (UnknownError: the disk said no).`,
      },
    });
    expect(log).toHaveBeenCalled();
    createIndex.mockRestore();

    const db = await raw();
    expect(db.version).toBe(1);
    expect(db.transaction('pages').store.indexNames.contains('updatedAt')).toBe(false);
    expect((await db.getAll('annotations')).sort((a, b) => a.id.localeCompare(b.id))).toEqual(v1Annotations);
    expect(await db.getAll('pages')).toEqual(v1Pages);
    db.close();

    expect(await ask(popup, 'library/pages', {})).toMatchObject({
      ok: true,
      value: { pages: expect.arrayContaining([expect.objectContaining({ url: A, count: 2 })]) },
    });
  });

  it('the real upgrade steps, rolled back by a later step that fails, leave version 1 as it was (no half-done upgrade)', async () => {
    await versionOneWith(v1Annotations, []);
    // The real steps run inside an upgrade whose last step fails late, as a future step might.
    const failing = openDB(DB_NAME, DB_VERSION, {
      async upgrade(db, oldVersion, _newVersion, tx) {
        tx.done.catch(() => undefined);
        const steps = (async () => {
          await upgradeSchema(db as never, oldVersion, tx as never);
          await tx.objectStore('annotations').count();
          throw new Error('a later step failed');
        })();
        steps.catch(() => tx.abort());
      },
    });
    await expect(failing).rejects.toMatchObject({ name: 'AbortError' });
    const db = await raw();
    expect(db.version).toBe(1);
    expect(await db.getAll('pages')).toEqual([]);
    expect(await db.count('annotations')).toBe(3);
    db.close();
  });
});

describe('the database cannot be opened: a clear answer, never a hang', () => {
  it('an old connection that never closes: the reader is told why within the time limit, and the upgrade completes once it closes', async () => {
    await versionOneWith(v1Annotations, v1Pages);
    // An old release's tab that ignores versionchange.
    const stubborn = await openDB(DB_NAME, 1);
    let blocked!: () => void;
    const waiting = new Promise<void>((resolve) => (blocked = resolve));
    vi.spyOn(console, 'warn').mockImplementation(() => blocked());
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const reply = ask(tabOn(A), 'annotations/list', { url: A });
      await waiting;
      await vi.advanceTimersByTimeAsync(OPEN_TIMEOUT_MS);
      expect(await reply).toEqual({
        ok: false,
        error: {
          code: 'storage',
          message:
            'Marginalia’s database is held by another window still running an older version of Marginalia. Close the other windows of this browser, or restart it, then try again.',
        },
      });
    } finally {
      vi.useRealTimers();
      stubborn.close();
    }
    expect(await ask(tabOn(A), 'annotations/list', { url: A })).toEqual({
      ok: true,
      value: expect.arrayContaining(v1Annotations.slice(0, 2)),
    });
  });

  it('indexedDB.open throws (no IndexedDB in this context): a storage error naming the cause', async () => {
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException(
        'A mutation operation was attempted on a database that did not allow mutations.',
        'InvalidStateError',
      );
    });
    expect(await ask(tabOn(A), 'annotations/list', { url: A })).toEqual({
      ok: false,
      error: {
        code: 'storage',
        message:
          'Marginalia could not open its database (InvalidStateError: A mutation operation was attempted on a database that did not allow mutations.).',
      },
    });
  });
});

describe('quota exceeded on write', () => {
  const kept = makeAnnotation({ id: 'already-kept', url: A, note: 'saved yesterday' });

  function diskFullOnPut(afterPuts = 0): void {
    let puts = 0;
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (puts++ >= afterPuts) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    });
  }

  it('a save fails with the out-of-space message and what was stored before is untouched', async () => {
    await ask(popup, 'annotations/save', { annotation: kept, title: 'A' });
    diskFullOnPut();
    const fresh = makeAnnotation({ id: 'does-not-fit', url: A });
    expect(await ask(tabOn(A), 'annotations/save', { annotation: fresh, title: 'A renamed' })).toEqual({
      ok: false,
      error: { code: 'storage', message: outOfSpace() },
    });
    vi.restoreAllMocks();
    expect(await getAnnotation(fresh.id)).toBeUndefined();
    expect(await ask(popup, 'page/get', { url: A })).toMatchObject({
      ok: true,
      value: { page: { title: 'A', count: 1 }, annotations: [kept] },
    });
  });

  it('the page record is not written without its annotation (the put that fails is the second of one transaction)', async () => {
    await ask(popup, 'annotations/save', { annotation: kept, title: 'A' });
    diskFullOnPut(1);
    const fresh = makeAnnotation({ id: 'half-a-write', url: B });
    expect(await ask(tabOn(B), 'annotations/save', { annotation: fresh, title: 'B' })).toMatchObject({
      ok: false,
      error: { code: 'storage' },
    });
    vi.restoreAllMocks();
    expect(await ask(popup, 'page/get', { url: B })).toMatchObject({
      ok: true,
      value: { page: null, annotations: [] },
    });
  });

  it('an import that runs out of space half way stores none of it', async () => {
    await ask(popup, 'annotations/save', { annotation: kept, title: 'A' });
    const incoming = Array.from({ length: 40 }, (_, i) =>
      makeAnnotation({ id: `imported-${String(i).padStart(4, '0')}`, url: B }),
    );
    diskFullOnPut(25);
    expect(await ask(popup, 'library/import', { pages: [], annotations: incoming })).toEqual({
      ok: false,
      error: { code: 'storage', message: outOfSpace() },
    });
    vi.restoreAllMocks();
    const everything = (await ask(popup, 'library/everything', {})) as {
      value: { annotations: Annotation[]; pages: PageRecord[] };
    };
    expect(everything.value.annotations).toEqual([kept]);
    expect(everything.value.pages.map((p) => p.url)).toEqual([A]);
  });

  /**
   * Chromium with "unlimitedStorage" and a full disk (seen in Chromium 156): LevelDB's write
   * fails, the transaction aborts with this UnknownError on `tx.error`, and the request being
   * awaited fails with a bare AbortError.
   */
  const CHROMIUM_NO_SPACE =
    'Connection is closing because of: IO error: .../chrome-extension_abc_0.indexeddb.leveldb/000003.log: FILE_ERROR_NO_SPACE (ChromeMethodBFE: 3::WritableFileAppend::8)';

  function diskFullAsChromiumReportsIt(): void {
    const put = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      const request = put.apply(this, args);
      const tx = this.transaction as { error: DOMException | null } & IDBTransaction;
      tx.error = new DOMException(CHROMIUM_NO_SPACE, 'UnknownError');
      tx.abort();
      return request;
    });
  }

  it('a full disk as Chromium reports it (UnknownError on the transaction, AbortError on the request): the out-of-space message, nothing written', async () => {
    await ask(popup, 'annotations/save', { annotation: kept, title: 'A' });
    diskFullAsChromiumReportsIt();
    const fresh = makeAnnotation({ id: 'no-space-left', url: A });
    expect(await ask(tabOn(A), 'annotations/save', { annotation: fresh, title: 'A' })).toEqual({
      ok: false,
      error: { code: 'storage', message: outOfSpace() },
    });
    vi.restoreAllMocks();
    expect(await getAnnotation(fresh.id)).toBeUndefined();
    expect(await ask(popup, 'page/get', { url: A })).toMatchObject({
      ok: true,
      value: { page: { count: 1 }, annotations: [kept] },
    });
  });

  it('the reasons a full disk is given in: quota, Chromium’s file error, a POSIX one; other failures are not called a full disk', () => {
    expect(isOutOfSpace(new DOMException('', 'QuotaExceededError'))).toBe(true);
    expect(isOutOfSpace(new DOMException(CHROMIUM_NO_SPACE, 'UnknownError'))).toBe(true);
    expect(isOutOfSpace(new Error('write failed', { cause: new Error('ENOSPC: No space left on device') }))).toBe(true);
    expect(readerMessage(new DOMException(CHROMIUM_NO_SPACE, 'UnknownError'))).toBe(outOfSpace());
    expect(
      isOutOfSpace(new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError')),
    ).toBe(false);
    expect(isOutOfSpace(new DOMException('The transaction was aborted.', 'AbortError'))).toBe(false);
  });

  it('a database that will not open while the disk is full (as Chromium’s does) says the disk is full; with room left, the browser’s reason', async () => {
    // Chromium on a full disk: the open fails with a reason that says nothing about space,
    // and its estimate for the extension is usage plus the disk's free space.
    vi.spyOn(indexedDB, 'open').mockImplementation(() => {
      throw new DOMException('Internal error opening backing store for indexedDB.open.', 'UnknownError');
    });
    let free = 4096;
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 60_000, quota: 60_000 + free }) } });
    expect(await ask(tabOn(A), 'annotations/list', { url: A })).toEqual({
      ok: false,
      error: {
        code: 'storage',
        message:
          'The disk is full, so Marginalia cannot open its database. Everything saved before is kept. Free some disk space, then try again.',
      },
    });
    free = 50_000_000;
    expect(await ask(tabOn(A), 'annotations/list', { url: A })).toEqual({
      ok: false,
      error: {
        code: 'storage',
        message:
          'Marginalia could not open its database (UnknownError: Internal error opening backing store for indexedDB.open.).',
      },
    });
  });

  it('with less room left than a write needs (by the browser’s estimate), it is refused before it reaches the disk; reading still works, and with room it is saved', async () => {
    await ask(popup, 'annotations/save', { annotation: kept, title: 'A' });
    let free = 200_000;
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 5_000, quota: 5_000 + free }) } });
    const fresh = makeAnnotation({ id: 'refused-for-room', url: A });
    const refused = { ok: false, error: { code: 'storage', message: outOfSpace() } };
    expect(await ask(tabOn(A), 'annotations/save', { annotation: fresh, title: 'A' })).toEqual(refused);
    expect(await ask(popup, 'library/import', { pages: [], annotations: [fresh] })).toEqual(refused);
    expect(await ask(popup, 'page/note', { url: A, note: 'a note', title: 'A' })).toEqual(refused);
    expect(await ask(popup, 'page/get', { url: A })).toMatchObject({
      ok: true,
      value: { page: { count: 1, note: '' }, annotations: [kept] },
    });
    free = 50_000_000;
    expect(await ask(tabOn(A), 'annotations/save', { annotation: fresh, title: 'A' })).toMatchObject({ ok: true });
    expect(await getAnnotation(fresh.id)).toEqual(fresh);
  });

  it('with next to no room, a delete (how a reader frees room) still goes through; an edit of a note does not', async () => {
    await ask(popup, 'annotations/save', { annotation: kept, title: 'A' });
    const other = makeAnnotation({ id: 'deleted-when-full', url: A, quote: 'another passage' });
    await ask(popup, 'annotations/save', { annotation: other, title: 'A' });
    vi.stubGlobal('navigator', { storage: { estimate: async () => ({ usage: 5_000, quota: 5_000 + 200_000 }) } });
    const later = new Date(Date.parse(kept.updatedAt) + 1000).toISOString();
    expect(await ask(popup, 'annotations/patch', { id: kept.id, change: { note: 'n' }, updatedAt: later })).toEqual({
      ok: false,
      error: { code: 'storage', message: outOfSpace() },
    });
    expect(await ask(popup, 'annotations/delete', { id: other.id })).toMatchObject({ ok: true });
    expect(await getAnnotation(other.id)).toBeUndefined();
    expect(await getAnnotation(kept.id)).toEqual(kept);
  });

  it('a page note that does not fit leaves the page as it was', async () => {
    await ask(popup, 'annotations/save', { annotation: kept, title: 'A' });
    diskFullOnPut();
    expect(await ask(popup, 'page/note', { url: A, note: 'x'.repeat(1000), title: 'A' })).toEqual({
      ok: false,
      error: { code: 'storage', message: outOfSpace() },
    });
    vi.restoreAllMocks();
    expect(await ask(popup, 'page/get', { url: A })).toMatchObject({ ok: true, value: { page: { note: '' } } });
  });
});
