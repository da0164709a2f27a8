/**
 * Issue 7, hostile and odd input: what a web page's content script (origin 'tab') may not
 * do, that the content script hears nothing from the page's window, and size limits with
 * messages a reader can act on.
 */
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', () => import('./seam-mock'));

import { closeDb, DB_NAME, getAnnotation } from '../../src/background/db';
import { handlers } from '../../src/background/handlers';
import { saveAnnotation as saveFromPage } from '../../src/content/store-client';
import { ext, type Sender } from '../../src/shared/browser';
import { MAX_NOTE, MAX_PASSAGE, noteTooLong, passageTooLong } from '../../src/shared/limits';
import { dispatch, type Name, RULES } from '../../src/shared/messages';
import { isToFrame } from '../../src/shared/note-frame';
import type { Annotation, PageRecord } from '../../src/shared/types';
import { makeAnnotation } from './make-annotation';

const A = 'https://a.example/article';
const B = 'https://b.example/private';
const tabOnA: Sender = { id: 'ext-id', url: A, tab: { id: 9 } };
const popup: Sender = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };
const ask = (sender: Sender, name: string, req: unknown) => dispatch(handlers, { marginalia: 1, name, req }, sender);

afterEach(async () => {
  vi.mocked(ext.sendMessage).mockReset();
  vi.mocked(ext.sendMessage).mockResolvedValue(undefined);
  await closeDb();
  await new Promise<void>((done, fail) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = () => done();
    request.onerror = () => fail(request.error);
  });
});

const onB = makeAnnotation({ id: 'secret-on-b', url: B, note: 'private thoughts', tags: ['private'] });

async function everything(): Promise<{ annotations: Annotation[]; pages: PageRecord[] }> {
  const reply = await ask(popup, 'library/everything', {});
  if (!reply.ok) throw new Error(JSON.stringify(reply));
  return reply.value as { annotations: Annotation[]; pages: PageRecord[] };
}

/** A well-formed request for each popup-only message, aimed at the page's own site (the most a page could hope for). */
const POPUP_ONLY: [Name, unknown][] = [
  [
    'library/import',
    {
      pages: [{ url: B, title: 'Forged', note: 'forged page note', updatedAt: '2030-01-01T00:00:00.000Z' }],
      annotations: [makeAnnotation({ id: 'forged-import-1', url: B })],
    },
  ],
  ['library/everything', {}],
  ['library/search', { query: 'private', color: null, tag: null, limit: 100 }],
  ['library/pages', {}],
  ['library/tags', {}],
  ['page/get', { url: B }],
  ['page/get', { url: A }],
  ['page/note', { url: A, note: 'written by the page', title: 'A' }],
  ['tab/jump', { url: B, id: 'secret-on-b' }],
  ['tab/reattach', { url: A, id: 'secret-on-b' }],
];

describe('a content script cannot call popup-only operations', () => {
  // pdf/local asks to open the sender's own tab in the PDF reader, only for a file: PDF
  // (openLocalPdf in pdf-open.ts checks the sender's address): it reads and changes nothing.
  it('the rules say so: every message a page may send is one of six', () => {
    const fromPages = Object.entries(RULES)
      .filter(([, rule]) => rule.from.includes('tab'))
      .map(([name]) => name)
      .sort();
    expect(fromPages).toEqual([
      'annotations/delete',
      'annotations/list',
      'annotations/patch',
      'annotations/save',
      'page/status',
      'pdf/local',
    ]);
  });

  it.each(POPUP_ONLY)('%s from a web page is forbidden and changes nothing', async (name, req) => {
    await ask(popup, 'annotations/save', { annotation: onB, title: 'B' });
    const before = await everything();
    vi.mocked(ext.sendToTab).mockClear();
    expect(await ask(tabOnA, name, req)).toEqual({
      ok: false,
      error: { code: 'forbidden', message: `${name} is not allowed from here` },
    });
    expect(await everything()).toEqual(before);
    expect(ext.sendToTab).not.toHaveBeenCalled();
    // The same request from the popup is answered: the refusal is about who asks.
    expect(await ask(popup, name, req)).toMatchObject({ ok: true });
  });

  it('there is no message that deletes everything; a page deletes only its own site’s annotations one by one', async () => {
    expect(
      Object.keys(RULES).filter(
        (name) => /clear|purge|wipe|all|everything/.test(name) && RULES[name as Name].from.includes('tab'),
      ),
    ).toEqual([]);
    await ask(popup, 'annotations/save', { annotation: onB, title: 'B' });
    expect(await ask(tabOnA, 'annotations/delete', { id: onB.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await getAnnotation(onB.id)).toEqual(onB);
  });
});

describe('the content script does not listen to the page’s window messages', () => {
  const dir = resolve(import.meta.dirname, '../../src/content');
  const sources = () =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => [f, readFileSync(join(dir, f), 'utf8')] as const);

  it('no file of the content script registers a message listener on window (forged postMessage traffic has nowhere to go)', () => {
    const listening = sources()
      .filter(([, code]) =>
        /addEventListener\(\s*['"]message(error)?['"]|(?<![\w.])onmessage\s*=|\b(window|self|globalThis|document)\.onmessage\s*=|new\s+BroadcastChannel/.test(
          code,
        ),
      )
      .map(([f]) => f);
    expect(listening).toEqual([]);
  });

  it('its one MessageChannel is handed to our own note frame, at its extension origin, and no other window message is sent', () => {
    const all = sources().filter(([, code]) => /MessageChannel|postMessage/.test(code));
    // pause.ts's channel is a timer: both ports stay in it, and it posts only to itself.
    const pause = all.find(([f]) => f === 'pause.ts')?.[1] ?? '';
    expect(pause.match(/[\w.?#]+\.postMessage\([^;]*;/g)).toEqual(['channel.port2.postMessage(0);']);
    expect(pause).not.toMatch(/window|parent|opener|top\b|frames/);
    const channels = all.filter(([f]) => f !== 'pause.ts');
    expect(channels.map(([f]) => f)).toEqual(['note-frame.ts']);
    const code = channels[0]![1];
    // Orders go over the channel's own port; the one window message is the hello to our frame.
    const posts = (code.match(/[\w.?#]+\.postMessage\([^;]*;/g) ?? []).filter(
      (call) => !call.startsWith('this.#port.postMessage('),
    );
    expect(posts).toEqual(['this.element.contentWindow?.postMessage(hello, frameOrigin(), [channel.port2]);']);
  });
});

describe('margin notes stay out of the page (issue 16)', () => {
  const content = resolve(import.meta.dirname, '../../src/content');

  it('the margin frame is told ids, positions and versions only: an order that carries anything more is refused', () => {
    const note = { id: 'a1b2c3d4-0000-4000-8000-000000000001', top: 120, v: '2026-01-01T00:00:00.000Z' };
    expect(isToFrame({ type: 'margin', notes: [note] })).toBe(true);
    expect(isToFrame({ type: 'margin', notes: [{ ...note, note: 'private thoughts' }] })).toBe(false);
    expect(isToFrame({ type: 'margin', notes: [{ ...note, v: 'x'.repeat(1000) }] })).toBe(false);
    expect(isToFrame({ type: 'margin', notes: [{ ...note, top: Number.NaN }] })).toBe(false);
    expect(isToFrame({ type: 'margin', notes: 'private thoughts' })).toBe(false);
  });

  it('the content script’s margin reads a note only to know there is one, and draws in its own frame', () => {
    const code = readFileSync(join(content, 'margin.ts'), 'utf8').replace(/^\s*(\/\/|\*|\/\*).*$/gm, '');
    // Every mention of a note's text: the one check that there is some.
    expect([...code.matchAll(/\.note\b.{0,7}/g)].map((m) => m[0])).toEqual(['.note.trim()']);
    // What it writes into its closed shadow root: its own style, its button's label, the frame.
    expect(code).toContain("attachShadow({ mode: 'closed' })");
    expect([...code.matchAll(/(\w+)\.textContent\s*=/g)].map((m) => m[1])).toEqual(['button', 'style']);
    expect(code).not.toMatch(/innerHTML|insertAdjacent|\.append\([^)]*note/);
  });
});

describe('size limits, with messages a reader can act on', () => {
  function routeToBackground(sender: Sender): void {
    vi.mocked(ext.sendMessage).mockImplementation(async (message) => dispatch(handlers, message as never, sender));
  }

  it('a 5 MB selection is refused in the page with the reason, and nothing is sent or stored', async () => {
    routeToBackground(tabOnA);
    const huge = makeAnnotation({ id: 'five-megabytes', url: A, quote: 'x'.repeat(5_000_000) });
    await expect(saveFromPage(huge, 'A')).rejects.toMatchObject({
      code: 'invalid',
      message: passageTooLong(5_000_000),
    });
    expect(passageTooLong(5_000_000)).toBe(
      'This passage is too long to highlight (5,000,000 characters). Marginalia keeps passages of up to 100,000 characters: select a shorter one.',
    );
    expect(ext.sendMessage).not.toHaveBeenCalled();
    expect(await getAnnotation(huge.id)).toBeUndefined();
  });

  it('a new passage over 100,000 characters that reaches the background anyway is refused there with the same reason', async () => {
    const long = makeAnnotation({ id: 'long-passage', url: A, quote: 'y'.repeat(MAX_PASSAGE + 1) });
    expect(await ask(tabOnA, 'annotations/save', { annotation: long, title: 'A' })).toEqual({
      ok: false,
      error: { code: 'invalid', message: passageTooLong(MAX_PASSAGE + 1) },
    });
    const longest = makeAnnotation({ id: 'longest-passage', url: A, quote: 'y'.repeat(MAX_PASSAGE) });
    expect(await ask(tabOnA, 'annotations/save', { annotation: longest, title: 'A' })).toMatchObject({ ok: true });
  });

  it('a passage stored by an earlier version under the old 1,000,000 limit still reads, and its note can still be edited', async () => {
    const old = makeAnnotation({ id: 'old-long-passage', url: A, quote: 'z'.repeat(500_000) });
    expect(await ask(popup, 'library/import', { pages: [], annotations: [old] })).toMatchObject({ ok: true });
    const edited = { ...old, note: 'still mine', updatedAt: '2026-01-01T00:00:00.000Z' };
    expect(await ask(tabOnA, 'annotations/save', { annotation: edited, title: 'A' })).toMatchObject({ ok: true });
    expect(await getAnnotation(old.id)).toEqual(edited);
  });

  it('a note of 1,000,000 characters is kept whole; one character more is refused in the page with the reason', async () => {
    routeToBackground(tabOnA);
    const full = makeAnnotation({ id: 'note-at-limit', url: A, note: 'n'.repeat(MAX_NOTE) });
    await saveFromPage(full, 'A');
    expect((await getAnnotation(full.id))?.note).toHaveLength(MAX_NOTE);

    const over = { ...full, note: 'n'.repeat(MAX_NOTE + 1), updatedAt: '2026-01-01T00:00:00.000Z' };
    await expect(saveFromPage(over, 'A')).rejects.toMatchObject({
      code: 'invalid',
      message: noteTooLong(MAX_NOTE + 1),
    });
    expect(noteTooLong(MAX_NOTE + 1)).toBe(
      'This note is too long to save (1,000,001 characters). A note can hold up to 1,000,000 characters.',
    );
    // Sent anyway (the popup does not check yet), the background refuses it too.
    expect(await ask(popup, 'annotations/save', { annotation: over, title: 'A' })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect((await getAnnotation(full.id))?.note).toHaveLength(MAX_NOTE);
  });

  it('a page whose title is longer than the protocol allows can still be highlighted (the title is shortened)', async () => {
    routeToBackground(tabOnA);
    const annotation = makeAnnotation({ id: 'long-title-1', url: A });
    await saveFromPage(annotation, 'T'.repeat(50_000));
    expect(await getAnnotation(annotation.id)).toEqual(annotation);
    const page = await ask(popup, 'page/get', { url: A });
    expect((page as { value: { page: PageRecord } }).value.page.title).toHaveLength(2000);
  });
});
