import 'fake-indexeddb/auto';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncSetup } from '../../src/shared/sync-types';
import { type CouchServer, startCouch } from '../support/couch-server';
import { makeAnnotation } from './make-annotation';
import { type Device, makeDevice } from './sync-devices';

vi.mock('../../src/shared/browser', () => import('./seam-mock'));

/**
 * Sync between two "devices" (each its own IndexedDB, db.ts and PouchDB replica) through a
 * real CouchDB-protocol server on 127.0.0.1 (express-pouchdb behind basic auth), as in
 * docs/sync.md. Times are set explicitly where the conflict rule depends on them.
 */
const USER = { username: 'reader', password: 'correct horse' };
let server: CouchServer;
let database: string;
let dbCount = 0;

beforeAll(async () => {
  server = await startCouch(USER);
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  database = `marginalia-${++dbCount}`;
  const made = await fetch(`${server.url}/${database}`, { method: 'PUT', headers: auth() });
  expect(made.status).toBe(201);
});

function auth(user = USER): Record<string, string> {
  return { authorization: `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}` };
}

function setup(overrides: Partial<SyncSetup> = {}): SyncSetup {
  return { server: server.url, database, ...USER, passphrase: 'seven random words make a passphrase', ...overrides };
}

const HOUR = 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const URL_A = 'https://essays.example/on-reading';
const URL_B = 'https://essays.example/on-writing';

function annotation(id: string, overrides: Parameters<typeof makeAnnotation>[0] = {}) {
  return makeAnnotation({
    id: `0000${id}`.padStart(12, '0'),
    url: URL_A,
    createdAt: ago(2 * HOUR),
    updatedAt: ago(2 * HOUR),
    ...overrides,
  });
}

async function twoDevices(): Promise<[Device, Device]> {
  const a = await makeDevice('A');
  const b = await makeDevice('B');
  return [a, b];
}

describe('sync between two devices', () => {
  it('a second device gets every highlight, note, tag and page note of the first', async () => {
    const [a, b] = await twoDevices();
    await a.db.saveAnnotation(
      annotation('1', { quote: 'the first passage', note: 'why it matters', tags: ['x'] }),
      'On reading',
    );
    await a.db.saveAnnotation(annotation('2', { quote: 'the second passage', color: 'blue' }), 'On reading');
    await a.db.saveAnnotation(annotation('3', { url: URL_B, quote: 'elsewhere' }), 'On writing');
    await a.db.savePageNote(URL_A, 'A page note', 'On reading');

    expect((await a.enable(setup())).state).toBe('syncing');
    expect(a.service.current(), a.service.current().message ?? '').toMatchObject({
      state: 'synced',
      pending: 0,
      database,
    });
    await b.db.saveAnnotation(annotation('4', { url: URL_B, quote: 'made on B' }), 'On writing');
    await b.enable(setup());
    await a.sync();

    for (const device of [a, b]) {
      const onA = await device.db.annotationsFor(URL_A);
      expect(
        onA
          .map((x) => x.target.selector[0])
          .map((s) => (s as { exact: string }).exact)
          .sort(),
      ).toEqual(['the first passage', 'the second passage']);
      expect(onA.find((x) => x.note)?.note).toBe('why it matters');
      expect(onA.find((x) => x.note)?.tags).toEqual(['x']);
      expect((await device.db.annotationsFor(URL_B)).length).toBe(2);
      const page = await device.db.pageFor(URL_A);
      expect(page).toMatchObject({ title: 'On reading', note: 'A page note', count: 2 });
      expect(await device.db.pageFor(URL_B)).toMatchObject({ title: 'On writing', count: 2 });
    }
    // Open pages on B are told, so they draw A's highlights.
    expect(b.applied.flatMap((c) => c.saved.map((x) => x.url))).toContain(URL_A);
    expect(b.service.current().state).toBe('synced');
    expect(b.service.current().lastSyncedAt).not.toBeNull();
  });

  it('an edit on A reaches B, and a delete on A disappears on B', async () => {
    const [a, b] = await twoDevices();
    await a.db.saveAnnotation(annotation('1', { note: 'first thought' }), 'T');
    await a.db.saveAnnotation(annotation('2'), 'T');
    await a.enable(setup());
    await b.enable(setup());
    expect((await b.db.annotationsFor(URL_A)).length).toBe(2);

    await a.db.patchAnnotation(annotation('1').id, { note: 'second thought', color: 'pink' }, ago(0));
    await a.db.deleteAnnotation(annotation('2').id);
    await a.sync();
    await b.sync();

    const onB = await b.db.annotationsFor(URL_A);
    expect(onB.map((x) => x.id)).toEqual([annotation('1').id]);
    expect(onB[0]).toMatchObject({ note: 'second thought', color: 'pink' });
    expect(await b.db.pageFor(URL_A)).toMatchObject({ count: 1 });
    expect(b.applied.flatMap((c) => c.deleted.map((d) => d.id))).toContain(annotation('2').id);
    // Nothing echoes back: B sent nothing it only received.
    expect(await b.db.outboxSize()).toBe(0);
  });

  it('conflicting edits made offline end the same on both devices, and the losing note is kept', async () => {
    const [a, b] = await twoDevices();
    const id = annotation('1').id;
    await a.db.saveAnnotation(annotation('1', { note: 'original' }), 'T');
    await a.enable(setup());
    await b.enable(setup());

    await server.stop();
    // A changes colour and note earlier; B changes the note later.
    await a.db.patchAnnotation(id, { note: 'A wrote this', color: 'green' }, ago(30 * 60_000));
    await b.db.patchAnnotation(id, { note: 'B wrote this', tags: ['b'] }, ago(10 * 60_000));
    expect((await a.sync()).state).toBe('offline');
    expect((await b.sync()).state).toBe('offline');
    expect(a.service.current().message).toMatch(/cannot be reached/);
    await server.start();

    await a.sync();
    await b.sync();
    await a.sync();

    const onA = await a.db.getAnnotation(id);
    const onB = await b.db.getAnnotation(id);
    expect(onA).toEqual(onB);
    expect(onA?.color).toBe('green');
    expect(onA?.tags).toEqual(['b']);
    expect(onA?.note.startsWith('B wrote this')).toBe(true);
    expect(onA?.note).toContain('--- Conflicted copy');
    expect(onA?.note).toContain('A wrote this');
    // Settled: syncing again changes nothing on either side.
    await b.sync();
    await a.sync();
    expect(await b.db.getAnnotation(id)).toEqual(onA);
    expect(await a.db.getAnnotation(id)).toEqual(onA);
  });

  it('an ordinary later edit of a synced note makes no conflicted copy', async () => {
    const [a, b] = await twoDevices();
    const id = annotation('1').id;
    await a.db.saveAnnotation(annotation('1', { note: 'draft' }), 'T');
    await a.enable(setup());
    await b.enable(setup());
    await b.db.patchAnnotation(id, { note: 'a completely different text' }, ago(0));
    await b.sync();
    await a.sync();
    expect((await a.db.getAnnotation(id))?.note).toBe('a completely different text');
  });

  it('delete vs edit: an edit newer than the delete brings it back on both; otherwise the delete wins', async () => {
    const [a, b] = await twoDevices();
    const kept = annotation('1');
    const gone = annotation('2');
    await a.db.saveAnnotation(kept, 'T');
    await a.db.saveAnnotation(gone, 'T');
    await a.enable(setup());
    await b.enable(setup());

    // `kept`: deleted on A now, edited on B a minute later (B's clock). `gone`: edited on B an hour ago, deleted on A now.
    await a.db.deleteAnnotation(kept.id);
    await a.db.deleteAnnotation(gone.id);
    await b.db.patchAnnotation(
      kept.id,
      { note: 'edited after the delete' },
      new Date(Date.now() + 60_000).toISOString(),
    );
    await b.db.patchAnnotation(gone.id, { note: 'edited before the delete' }, ago(HOUR));
    await a.sync();
    await b.sync();
    await a.sync();

    for (const device of [a, b]) {
      expect((await device.db.getAnnotation(kept.id))?.note).toBe('edited after the delete');
      expect(await device.db.getAnnotation(gone.id)).toBeUndefined();
      expect(await device.db.pageFor(URL_A)).toMatchObject({ count: 1 });
    }
  });

  it('Undo of a delete wins over the delete it undoes', async () => {
    const [a, b] = await twoDevices();
    const first = annotation('1', { note: 'keep me' });
    await a.db.saveAnnotation(first, 'T');
    await a.enable(setup());
    await b.enable(setup());
    const deleted = await a.db.deleteAnnotation(first.id);
    await a.sync();
    await b.sync();
    expect(await b.db.getAnnotation(first.id)).toBeUndefined();
    // Undo saves the annotation again as it was, with its old updatedAt.
    await a.db.saveAnnotation(deleted!, 'T');
    await a.sync();
    await b.sync();
    expect((await b.db.getAnnotation(first.id))?.note).toBe('keep me');
  });

  it('page notes edited on both devices offline keep both texts', async () => {
    const [a, b] = await twoDevices();
    await a.db.saveAnnotation(annotation('1'), 'T');
    await a.enable(setup());
    await b.enable(setup());
    await a.db.savePageNote(URL_A, 'page note from A', 'T');
    await new Promise((r) => setTimeout(r, 5));
    await b.db.savePageNote(URL_A, 'page note from B', 'T');
    await a.sync();
    await b.sync();
    await a.sync();
    const noteA = (await a.db.pageFor(URL_A))?.note;
    expect(noteA).toBe((await b.db.pageFor(URL_A))?.note);
    expect(noteA).toMatch(/^page note from B/);
    expect(noteA).toContain('page note from A');
  });
});

describe('what the server holds', () => {
  it('the server stores no quote, note, tag, title or URL in plain text', async () => {
    const [a] = await twoDevices();
    await a.db.saveAnnotation(
      annotation('1', { quote: 'Call me Ishmael', note: 'a secret note', tags: ['whaling'] }),
      'Moby Dick, a title',
    );
    await a.db.savePageNote(URL_A, 'my page note', 'Moby Dick, a title');
    await a.enable(setup());
    await a.db.deleteAnnotation(annotation('1').id);
    await a.sync();

    const raw = JSON.stringify(await server.docs(database));
    const changes = await (
      await fetch(`${server.url}/${database}/_changes?include_docs=true&style=all_docs`, { headers: auth() })
    ).text();
    for (const text of [raw, changes]) {
      expect(text.length).toBeGreaterThan(100);
      for (const secret of ['Ishmael', 'secret note', 'whaling', 'Moby', 'page note', 'essays.example', 'on-reading']) {
        expect(text).not.toContain(secret);
      }
      expect(text).not.toContain(annotation('1').id);
    }
    expect(raw).toContain('"iterations":600000');
  });
});

describe('Test connection', () => {
  it('a wrong passphrase is refused and nothing is written', async () => {
    const [a, b] = await twoDevices();
    await a.db.saveAnnotation(annotation('1'), 'T');
    await a.enable(setup());
    await b.db.saveAnnotation(annotation('9', { quote: 'only on B' }), 'T');
    const before = JSON.stringify(await server.docs(database));

    const check = await b.couch.checkSetup(setup({ passphrase: 'another passphrase' }), false);
    expect(check).toMatchObject({ ok: false, code: 'wrong-passphrase' });
    expect(check.message).toMatch(/does not match/);
    await expect(b.couch.keysForEnable(setup({ passphrase: 'another passphrase' }))).rejects.toThrow(/does not match/);
    expect(JSON.stringify(await server.docs(database))).toBe(before);
    expect(b.service.current().state).toBe('off');
  });

  it('says which of the server, user, database or passphrase is wrong', async () => {
    const [a] = await twoDevices();
    const { checkSetup } = a.couch;
    expect(await checkSetup(setup({ password: 'wrong' }), false)).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(await checkSetup(setup({ database: 'not-there' }), false)).toMatchObject({
      ok: false,
      code: 'no-database',
      canCreate: true,
    });
    expect(await checkSetup(setup(), false)).toMatchObject({ ok: true, code: 'new-database' });
    expect(await checkSetup(setup({ database: 'made-by-test' }), true)).toMatchObject({
      ok: true,
      code: 'new-database',
    });
    expect((await fetch(`${server.url}/made-by-test`, { headers: auth() })).status).toBe(200);

    const { createServer } = await import('node:http');
    const web = createServer((_req, res) => res.end('<!doctype html><title>A blog</title>')).listen(0, '127.0.0.1');
    await new Promise((r) => web.once('listening', r));
    const port = (web.address() as { port: number }).port;
    expect(await checkSetup(setup({ server: `http://127.0.0.1:${port}` }), false)).toMatchObject({
      ok: false,
      code: 'not-couchdb',
    });
    await new Promise((r) => web.close(r));
    expect(await checkSetup(setup({ server: `http://127.0.0.1:${port}` }), false)).toMatchObject({
      ok: false,
      code: 'unreachable',
    });
  });
});

describe('interrupted syncs', () => {
  it('the server stopped in the middle of a sync, then started again: nothing lost, sync resumes', async () => {
    const [a, b] = await twoDevices();
    const many = Array.from({ length: 400 }, (_, i) => annotation(String(1000 + i), { quote: `passage ${i}` }));
    await a.db.importRecords([], many);
    await a.enable(setup({ database: `${database}-empty` })).catch(() => undefined);
    // (That database does not exist: refused, nothing stored.)
    expect(a.service.current().state).toBe('off');

    const { keys, salt } = await a.couch.keysForEnable(setup());
    await a.service.enable(setup(), keys, salt);
    // Stop the server as soon as part of A's notes reached it.
    const stopped = (async () => {
      for (;;) {
        const docs = await server.docs(database);
        if (docs.length > 50) break;
        await new Promise((r) => setTimeout(r, 2));
      }
      await server.stop();
    })();
    await a.service.runNow();
    await stopped;
    const partial = (await server.docs(database)).length;
    expect(a.service.current().state).toBe('offline');
    expect(partial).toBeLessThan(401);

    await server.start();
    expect((await a.sync()).state).toBe('synced');
    expect((await server.docs(database)).length).toBe(401);
    await b.enable(setup());
    expect((await b.db.annotationsFor(URL_A)).length).toBe(400);
  });

  it('Turn off sync during a run stops it: nothing more reaches the server, nothing is deleted here', async () => {
    const [a] = await twoDevices();
    const many = Array.from({ length: 400 }, (_, i) => annotation(String(2000 + i), { quote: `passage ${i}` }));
    await a.db.importRecords([], many);
    const { keys, salt } = await a.couch.keysForEnable(setup());
    await a.service.enable(setup(), keys, salt);
    // Turned off as soon as part of A's notes reached the server.
    await vi.waitFor(async () => expect((await server.docs(database)).length).toBeGreaterThan(50), {
      timeout: 20_000,
      interval: 2,
    });
    expect((await a.service.disable()).state).toBe('off');
    const sent = (await server.docs(database)).length;
    const requests = server.requests();
    expect(sent).toBeLessThan(401);

    // Once Turn off has answered, the old run is over: a new change or a run asked for
    // sends nothing (without the stop, this would wait for the old run to finish all 400).
    await a.db.saveAnnotation(annotation('9999', { quote: 'written after sync was turned off' }), 'T');
    await a.service.runNow();
    expect(server.requests()).toBe(requests);
    expect((await server.docs(database)).length).toBe(sent);
    expect(a.statuses.at(-1)?.state).toBe('off');
    expect((await a.db.annotationsFor(URL_A)).length).toBe(401);
  });

  it('a background stopped before its sync loses nothing: the next one sends what waited in the outbox', async () => {
    const [a] = await twoDevices();
    await a.db.saveAnnotation(annotation('1', { note: 'before' }), 'T');
    await a.enable(setup());
    await a.db.patchAnnotation(annotation('1').id, { note: 'made just before the worker stopped' }, ago(0));
    expect(await a.db.outboxSize()).toBe(1);
    // The worker is stopped before its debounced run: the change waits in IndexedDB, and
    // the next background (started by the next event) syncs it at start-up.
    const restarted = a.restart();
    await vi.waitFor(async () => expect(await restarted.db.outboxSize()).toBe(0), { timeout: 10_000 });
    await restarted.sync();
    const b = await makeDevice('B');
    await b.enable(setup());
    expect((await b.db.getAnnotation(annotation('1').id))?.note).toBe('made just before the worker stopped');
  });
});
