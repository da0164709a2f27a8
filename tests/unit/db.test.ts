import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  allPages,
  annotationsFor,
  closeDb,
  DB_NAME,
  deleteAnnotation,
  getAnnotation,
  importRecords,
  pageFor,
  patchAnnotation,
  saveAnnotation,
  savePageNote,
} from '../../src/background/db';
import { deleteDatabase } from './fresh-database';
import { makeAnnotation } from './make-annotation';

/** Every test starts from no database at all. */
afterEach(deleteDatabase);

const A = 'https://a.example/article';
const B = 'https://b.example/other';

describe('background database', () => {
  it('lists only the annotations saved under the URL asked for', async () => {
    await saveAnnotation(makeAnnotation({ id: 'on-a-00001', url: A, quote: 'first on A' }), 'Page A');
    await saveAnnotation(makeAnnotation({ id: 'on-b-00001', url: B, quote: 'only on B' }), 'Page B');
    await saveAnnotation(makeAnnotation({ id: 'on-a-00002', url: A, quote: 'second on A' }), 'Page A');

    const onA = await annotationsFor(A);
    expect(onA.map((a) => a.id).sort()).toEqual(['on-a-00001', 'on-a-00002']);
    expect((await annotationsFor(B)).map((a) => a.id)).toEqual(['on-b-00001']);
    expect(await annotationsFor('https://c.example/')).toEqual([]);
  });

  it('stores the annotation as given and reads it back by id', async () => {
    const annotation = makeAnnotation({
      id: 'round-trip',
      url: A,
      note: 'why this matters',
      tags: ['x', 'y'],
      start: 12,
    });
    await saveAnnotation(annotation, 'Page A');
    expect(await getAnnotation('round-trip')).toEqual(annotation);
    expect(await getAnnotation('never-saved')).toBeUndefined();
  });

  it('keeps one record when the same id is saved twice, with the later contents', async () => {
    await saveAnnotation(makeAnnotation({ id: 'saved-twice', url: A, note: 'first draft' }), 'Page A');
    await saveAnnotation(
      makeAnnotation({ id: 'saved-twice', url: A, note: 'second draft', updatedAt: '2025-01-02T00:00:00.000Z' }),
      'Page A',
    );
    const stored = await annotationsFor(A);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.note).toBe('second draft');
  });

  it('returns the deleted record from a delete, and forgets it', async () => {
    const annotation = makeAnnotation({ id: 'to-delete', url: A, quote: 'gone soon' });
    await saveAnnotation(annotation, 'Page A');
    await saveAnnotation(makeAnnotation({ id: 'to-keep-01', url: A }), 'Page A');

    expect(await deleteAnnotation('to-delete')).toEqual(annotation);
    expect(await getAnnotation('to-delete')).toBeUndefined();
    expect((await annotationsFor(A)).map((a) => a.id)).toEqual(['to-keep-01']);
  });

  it('returns undefined when deleting what is not there', async () => {
    expect(await deleteAnnotation('never-saved')).toBeUndefined();
  });

  it('records the page title with the annotation, and the time of the latest save', async () => {
    await saveAnnotation(makeAnnotation({ url: A, updatedAt: '2025-02-03T04:05:06.000Z' }), 'A Page Title');
    expect(await pageFor(A)).toEqual({
      url: A,
      title: 'A Page Title',
      note: '',
      count: 1,
      updatedAt: '2025-02-03T04:05:06.000Z',
    });
    expect(await pageFor(B)).toBeUndefined();
  });

  it('keeps the known title when a later save comes without one', async () => {
    await saveAnnotation(makeAnnotation({ id: 'titled-001', url: A }), 'Original Title');
    await saveAnnotation(makeAnnotation({ id: 'untitled-01', url: A }), '');
    expect((await pageFor(A))?.title).toBe('Original Title');
  });

  it('takes the newer title when the page was renamed', async () => {
    await saveAnnotation(makeAnnotation({ id: 'titled-001', url: A }), 'Draft Title');
    await saveAnnotation(makeAnnotation({ id: 'titled-002', url: A }), 'Final Title');
    expect((await pageFor(A))?.title).toBe('Final Title');
  });

  it('survives closing the connection: the next call opens it again', async () => {
    await saveAnnotation(makeAnnotation({ id: 'persisted-1', url: A }), 'Page A');
    await closeDb();
    expect((await annotationsFor(A)).map((a) => a.id)).toEqual(['persisted-1']);
  });

  it('starts each test from an empty database', async () => {
    expect(await annotationsFor(A)).toEqual([]);
    expect(await pageFor(A)).toBeUndefined();
  });
});

describe('the database across versions', () => {
  it('upgrades a version 1 database without losing a record: counts computed, page notes added', async () => {
    const { openDB } = await import('idb');
    await closeDb();
    await new Promise<void>((done) => {
      const request = indexedDB.deleteDatabase(DB_NAME);
      request.onsuccess = () => done();
      request.onerror = () => done();
    });
    // A version 1 database as the first release wrote it.
    const v1 = await openDB(DB_NAME, 1, {
      upgrade(db) {
        db.createObjectStore('annotations', { keyPath: 'id' }).createIndex('url', 'url');
        db.createObjectStore('pages', { keyPath: 'url' });
      },
    });
    const a1 = makeAnnotation({ id: 'v1-annotation-1', url: A, updatedAt: '2025-01-01T00:00:00.000Z' });
    const a2 = makeAnnotation({ id: 'v1-annotation-2', url: A, updatedAt: '2025-03-01T00:00:00.000Z' });
    const orphanPage = makeAnnotation({ id: 'v1-annotation-3', url: B });
    for (const a of [a1, a2, orphanPage]) await v1.put('annotations', a);
    await v1.put('pages', { url: A, title: 'Old title', updatedAt: '2025-03-01T00:00:00.000Z' });
    v1.close();

    expect(await annotationsFor(A)).toEqual(expect.arrayContaining([a1, a2]));
    expect(await getAnnotation(orphanPage.id)).toEqual(orphanPage);
    expect(await pageFor(A)).toEqual({
      url: A,
      title: 'Old title',
      note: '',
      count: 2,
      updatedAt: '2025-03-01T00:00:00.000Z',
    });
    // An annotation whose page record was missing gets one.
    expect(await pageFor(B)).toMatchObject({ url: B, count: 1, note: '' });
  });
});

describe('page records, page notes and imports', () => {
  it('deleting a page’s last annotation takes the page out of the library, unless it has a page note', async () => {
    const a = makeAnnotation({ id: 'count-one-1', url: A });
    await saveAnnotation(a, 'A');
    await saveAnnotation(makeAnnotation({ id: 'count-one-2', url: B }), 'B');
    await savePageNote(B, 'Worth rereading', 'B');
    expect((await pageFor(A))?.count).toBe(1);
    await deleteAnnotation(a.id);
    expect(await pageFor(A)).toBeUndefined();
    await deleteAnnotation('count-one-2');
    expect(await pageFor(B)).toMatchObject({ count: 0, note: 'Worth rereading' });
  });

  it('lists pages most recently changed first', async () => {
    await saveAnnotation(makeAnnotation({ id: 'order-old-1', url: A, updatedAt: '2025-01-01T00:00:00.000Z' }), 'A');
    await saveAnnotation(makeAnnotation({ id: 'order-new-1', url: B, updatedAt: '2025-06-01T00:00:00.000Z' }), 'B');
    expect((await allPages()).map((p) => p.url)).toEqual([B, A]);
  });

  it('an import adds new annotations, takes newer ones, keeps newer stored ones, and a second run changes nothing', async () => {
    const stored = makeAnnotation({
      id: 'import-kept-1',
      url: A,
      note: 'mine, newer',
      updatedAt: '2025-05-01T00:00:00.000Z',
    });
    const older = makeAnnotation({ id: 'import-old-1', url: A, note: 'old', updatedAt: '2025-01-01T00:00:00.000Z' });
    await saveAnnotation(stored, 'A');
    await saveAnnotation(older, 'A');
    const incoming = [
      { ...stored, note: 'theirs, older', updatedAt: '2025-02-01T00:00:00.000Z' },
      { ...older, note: 'newer from the file', updatedAt: '2025-03-01T00:00:00.000Z' },
      makeAnnotation({ id: 'import-new-1', url: B, updatedAt: '2025-04-01T00:00:00.000Z' }),
    ];
    const pages = [{ url: B, title: 'Page B', note: 'B’s page note', updatedAt: '2025-04-01T00:00:00.000Z' }];
    const first = await importRecords(pages, incoming);
    expect({ added: first.added, updated: first.updated, unchanged: first.unchanged }).toEqual({
      added: 1,
      updated: 1,
      unchanged: 1,
    });
    expect((await getAnnotation(stored.id))?.note).toBe('mine, newer');
    expect((await getAnnotation(older.id))?.note).toBe('newer from the file');
    expect(await pageFor(B)).toMatchObject({ title: 'Page B', note: 'B’s page note', count: 1 });
    expect((await pageFor(A))?.count).toBe(2);

    const second = await importRecords(pages, incoming);
    expect({ added: second.added, updated: second.updated, unchanged: second.unchanged }).toEqual({
      added: 0,
      updated: 0,
      unchanged: 3,
    });
    expect(second.written).toEqual([]);
  });
});

describe('changes from a page with an older copy', () => {
  it('a colour changed in the page keeps the note and tags the popup saved meanwhile', async () => {
    const original = makeAnnotation({ id: 'patch-keep-1', url: A, updatedAt: '2025-01-01T00:00:00.000Z' });
    await saveAnnotation(original, 'A');
    await saveAnnotation(
      { ...original, note: 'Written in the popup', tags: ['later'], updatedAt: '2025-01-02T00:00:00.000Z' },
      'A',
    );
    const result = await patchAnnotation(original.id, { color: 'green' }, '2025-01-03T00:00:00.000Z');
    expect(result).toMatchObject({ color: 'green', note: 'Written in the popup', tags: ['later'] });
    expect(await getAnnotation(original.id)).toEqual(result);
  });

  it('a change to an annotation deleted meanwhile does not bring it back', async () => {
    const gone = makeAnnotation({ id: 'patch-gone-1', url: A });
    await saveAnnotation(gone, 'A');
    await deleteAnnotation(gone.id);
    expect(await patchAnnotation(gone.id, { color: 'blue' }, new Date().toISOString())).toBeUndefined();
    expect(await getAnnotation(gone.id)).toBeUndefined();
  });

  it('a change older than the stored edit is ignored', async () => {
    const newer = makeAnnotation({ id: 'patch-old-1', url: A, note: 'newest', updatedAt: '2025-05-01T00:00:00.000Z' });
    await saveAnnotation(newer, 'A');
    expect(await patchAnnotation(newer.id, { note: 'older' }, '2025-04-01T00:00:00.000Z')).toEqual(newer);
    expect((await getAnnotation(newer.id))?.note).toBe('newest');
  });

  it('importing a newer page record with no page note keeps the note stored here', async () => {
    await savePageNote(B, 'A summary worth keeping', 'B');
    await importRecords([{ url: B, title: 'B', note: '', updatedAt: '2099-01-01T00:00:00.000Z' }], []);
    expect((await pageFor(B))?.note).toBe('A summary worth keeping');
  });
});
