import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', () => import('./seam-mock'));

import { getAnnotation, saveAnnotation } from '../../src/background/db';
import { handlers } from '../../src/background/handlers';
import { ext, type Sender } from '../../src/shared/browser';
import { dispatch } from '../../src/shared/messages';
import type { Annotation } from '../../src/shared/types';
import { deleteDatabase } from './fresh-database';
import { makeAnnotation } from './make-annotation';

afterEach(deleteDatabase);

const SITE_A = 'https://a.example/article';
const SITE_B = 'https://b.example/secret-notes';
const tabOn = (url: string): Sender => ({ id: 'ext-id', url, tab: { id: 7 } });
const popup: Sender = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };

function messageFrom(sender: Sender, name: string, req: unknown) {
  return dispatch(handlers, { marginalia: 1, name, req }, sender);
}

const onA = makeAnnotation({ id: 'note-on-a-1', url: SITE_A, quote: 'A’s passage', start: 3 });
const onB = makeAnnotation({ id: 'note-on-b-1', url: SITE_B, quote: 'B’s private passage', start: 40 });

describe('background handlers, through dispatch', () => {
  it('round trip: a content script saves an annotation and lists it back', async () => {
    const saved = await messageFrom(tabOn(SITE_A), 'annotations/save', { annotation: onA, title: 'Article A' });
    expect(saved).toMatchObject({ ok: true, value: { savedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } });

    const listed = await messageFrom(tabOn(SITE_A), 'annotations/list', { url: SITE_A });
    expect(listed).toEqual({ ok: true, value: [onA] });
  });

  it('lists by the normalized key, so a visit with a fragment or utm_ parameters finds the notes', async () => {
    await saveAnnotation(onA, 'Article A');
    const listed = await messageFrom(tabOn(`${SITE_A}#comments`), 'annotations/list', {
      url: `${SITE_A}?utm_source=newsletter#comments`,
    });
    expect(listed).toEqual({ ok: true, value: [onA] });
  });

  it('the popup gets a page’s record and annotations with page/get', async () => {
    await saveAnnotation(onA, 'Article A');
    const reply = await messageFrom(popup, 'page/get', { url: `${SITE_A}#intro` });
    expect(reply).toEqual({
      ok: true,
      value: {
        page: { url: SITE_A, title: 'Article A', note: '', count: 1, updatedAt: onA.updatedAt },
        annotations: [onA],
        orphans: null,
        alias: null,
      },
    });
  });

  it('page/get answers a page without notes with nulls, not an error', async () => {
    expect(await messageFrom(popup, 'page/get', { url: 'https://c.example/' })).toEqual({
      ok: true,
      value: { page: null, annotations: [], orphans: null, alias: null },
    });
  });

  describe('a content script only reaches its own site', () => {
    it('cannot list site B’s annotations from site A', async () => {
      await saveAnnotation(onB, 'Article B');
      const reply = await messageFrom(tabOn(SITE_A), 'annotations/list', { url: SITE_B });
      expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: 'That page belongs to another site' } });
    });

    it('cannot delete site B’s annotation from site A, and the annotation stays', async () => {
      await saveAnnotation(onB, 'Article B');
      const reply = await messageFrom(tabOn(SITE_A), 'annotations/delete', { id: onB.id });
      expect(reply).toEqual({ ok: false, error: { code: 'forbidden', message: 'That page belongs to another site' } });
      expect(await getAnnotation(onB.id)).toEqual(onB);
    });

    it('cannot save an annotation onto site B from site A', async () => {
      const reply = await messageFrom(tabOn(SITE_A), 'annotations/save', { annotation: onB, title: 'Article B' });
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await getAnnotation(onB.id)).toBeUndefined();
    });

    it('treats http and https of one host as different sites', async () => {
      await saveAnnotation(onA, 'Article A');
      const reply = await messageFrom(tabOn('http://a.example/article'), 'annotations/list', { url: SITE_A });
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    });

    it('may reach another page of its own site', async () => {
      await saveAnnotation(onA, 'Article A');
      const reply = await messageFrom(tabOn('https://a.example/index'), 'annotations/list', { url: SITE_A });
      expect(reply).toEqual({ ok: true, value: [onA] });
    });

    it('cannot move an existing annotation to another page by saving it again', async () => {
      await saveAnnotation(onA, 'Article A');
      const moved: Annotation = { ...onA, url: 'https://a.example/elsewhere' };
      const reply = await messageFrom(tabOn(SITE_A), 'annotations/save', { annotation: moved, title: 'Elsewhere' });
      expect(reply).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'An annotation cannot move to another page' },
      });
      expect((await getAnnotation(onA.id))?.url).toBe(SITE_A);
    });
  });

  it('the popup may list and delete any site’s annotations', async () => {
    await saveAnnotation(onB, 'Article B');
    expect(await messageFrom(popup, 'annotations/list', { url: SITE_B })).toEqual({ ok: true, value: [onB] });
    expect(await messageFrom(popup, 'annotations/delete', { id: onB.id })).toEqual({
      ok: true,
      value: { deleted: onB },
    });
    expect(await getAnnotation(onB.id)).toBeUndefined();
  });

  it('deleting an annotation that does not exist answers deleted: null', async () => {
    expect(await messageFrom(tabOn(SITE_A), 'annotations/delete', { id: 'no-such-note' })).toEqual({
      ok: true,
      value: { deleted: null },
    });
  });

  it.each([
    ['a fragment', `${SITE_A}#section`],
    ['a utm_ parameter', `${SITE_A}?utm_source=feed`],
    ['an upper-case host', 'https://A.EXAMPLE/article'],
  ])('rejects a save whose url has %s (not normalized)', async (_what, url) => {
    const annotation = { ...onA, url };
    const reply = await messageFrom(tabOn(SITE_A), 'annotations/save', { annotation, title: 'Article A' });
    expect(reply).toEqual({ ok: false, error: { code: 'invalid', message: 'annotation.url is not normalized' } });
    expect(await getAnnotation(onA.id)).toBeUndefined();
  });

  // Bug (reported, not fixed here): assertSameSite calls `new URL(url)` on a string that passed
  // isUrl's /^https?:\/\// test but does not parse, so the TypeError becomes 'internal' (and is
  // logged as a handler failure) instead of 'invalid'.
  it("answers 'invalid' to a URL that only looks like one, from a content script as from the popup", async () => {
    for (const url of ['http://', 'https://a.example:99999/']) {
      const reply = await messageFrom(tabOn('https://a.example/post'), 'annotations/list', { url });
      expect(reply).toMatchObject({ ok: false, error: { code: 'invalid' } });
    }
  });

  describe('changes reach the other places that show the page', () => {
    it('a save from one tab is sent to the popup and to other tabs showing that page, not back to the saving tab', async () => {
      const tabA1: Sender = { id: 'ext-id', url: SITE_A, tab: { id: 11 } };
      const tabA2: Sender = { id: 'ext-id', url: SITE_A, tab: { id: 12 } };
      const tabB: Sender = { id: 'ext-id', url: SITE_B, tab: { id: 13 } };
      for (const tab of [tabA1, tabA2]) await messageFrom(tab, 'annotations/list', { url: SITE_A });
      await messageFrom(tabB, 'annotations/list', { url: SITE_B });
      vi.mocked(ext.sendToTab).mockClear();
      vi.mocked(ext.sendMessage).mockClear();

      expect(await messageFrom(tabA1, 'annotations/save', { annotation: onA, title: 'A' })).toMatchObject({ ok: true });
      const event = {
        marginaliaEvent: 1,
        name: 'annotations/changed',
        payload: { url: SITE_A, saved: [onA], deleted: [] },
      };
      expect(ext.sendMessage).toHaveBeenCalledWith(event);
      const tabsTold = vi.mocked(ext.sendToTab).mock.calls.map(([tabId]) => tabId);
      expect(tabsTold).toContain(12);
      expect(tabsTold).not.toContain(11);
      expect(tabsTold).not.toContain(13);
      expect(ext.sendToTab).toHaveBeenCalledWith(12, event);
    });

    it('a delete from the popup reaches the tabs showing the page', async () => {
      await messageFrom({ id: 'ext-id', url: SITE_A, tab: { id: 21 } }, 'annotations/list', { url: SITE_A });
      await saveAnnotation(onA, 'A');
      vi.mocked(ext.sendToTab).mockClear();
      expect(await messageFrom(popup, 'annotations/delete', { id: onA.id })).toMatchObject({ ok: true });
      expect(ext.sendToTab).toHaveBeenCalledWith(21, {
        marginaliaEvent: 1,
        name: 'annotations/changed',
        payload: { url: SITE_A, saved: [], deleted: [onA.id] },
      });
    });

    it('the orphans a page reports are what page/get tells the popup', async () => {
      const tab: Sender = { id: 'ext-id', url: SITE_A, tab: { id: 31 } };
      expect(await messageFrom(tab, 'page/status', { url: SITE_A, orphans: [onA.id] })).toEqual({
        ok: true,
        value: {},
      });
      const reply = await messageFrom(popup, 'page/get', { url: SITE_A });
      expect(reply).toMatchObject({ ok: true, value: { orphans: [onA.id] } });
    });

    it('a page cannot report orphans for another site', async () => {
      const reply = await messageFrom(tabOn(SITE_A), 'page/status', { url: SITE_B, orphans: [] });
      expect(reply).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    });
  });
});

describe('annotations/get: one annotation by id, for our own pages (the note frame)', () => {
  it('answers an extension page with the annotation, or null when there is none', async () => {
    await saveAnnotation(onA, 'A');
    const frame: Sender = { id: 'ext-id', url: 'chrome-extension://ext-id/note.html#n', tab: { id: 7 } };
    expect(await messageFrom(frame, 'annotations/get', { id: onA.id })).toEqual({
      ok: true,
      value: { annotation: onA },
    });
    expect(await messageFrom(popup, 'annotations/get', { id: 'no-such-note-1' })).toEqual({
      ok: true,
      value: { annotation: null },
    });
  });

  it('refuses a web page’s content script, even for its own site’s annotation', async () => {
    await saveAnnotation(onA, 'A');
    expect(await messageFrom(tabOn(SITE_A), 'annotations/get', { id: onA.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });
});

describe('private windows', () => {
  const privateTab: Sender = { id: 'ext-id', url: SITE_A, tab: { id: 91, incognito: true } };

  it('by default nothing from a private window is stored or read, and the reader is told why', async () => {
    vi.mocked(ext.getStored).mockResolvedValue(undefined);
    const saved = await messageFrom(privateTab, 'annotations/save', { annotation: onA, title: 'A' });
    expect(saved).toEqual({
      ok: false,
      error: {
        code: 'forbidden',
        message:
          'Marginalia does not keep highlights made in private windows. You can allow it in Marginalia’s options.',
      },
    });
    expect(await getAnnotation(onA.id)).toBeUndefined();
    expect(await messageFrom(privateTab, 'annotations/list', { url: SITE_A })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('the note frame in a private tab (an extension page, but inside that tab) reads and writes no note either', async () => {
    await saveAnnotation(onA, 'A');
    vi.mocked(ext.getStored).mockResolvedValue(undefined);
    const frame: Sender = {
      id: 'ext-id',
      url: 'chrome-extension://ext-id/note.html#n',
      tab: { id: 91, incognito: true },
    };
    expect(await messageFrom(frame, 'annotations/get', { id: onA.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const change = { id: onA.id, change: { note: 'typed in private' }, updatedAt: '2030-01-01T00:00:00.000Z' };
    expect(await messageFrom(frame, 'annotations/patch', change)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect((await getAnnotation(onA.id))?.note).toBe(onA.note);
  });

  it('when the reader chose to keep highlights from private windows, they are stored', async () => {
    vi.mocked(ext.getStored).mockResolvedValue({ privateWindows: 'keep' });
    expect(await messageFrom(privateTab, 'annotations/save', { annotation: onA, title: 'A' })).toMatchObject({
      ok: true,
    });
    expect(await getAnnotation(onA.id)).toEqual(onA);
    vi.mocked(ext.getStored).mockResolvedValue(undefined);
  });
});
