/**
 * Jump to, Re-attach and the side panel for a PDF's notes, through the background's real
 * handlers on fake-indexeddb, with the browser seam swapped: a reader tab is registered
 * under the PDF's key when it opens it, and answers as a page's tab does; with none open,
 * Jump to opens a reader at the address the PDF was read at, on the passage's page.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', () => import('./seam-mock'));

import { handlers } from '../../src/background/handlers';
import { ext, type Sender } from '../../src/shared/browser';
import { dispatch } from '../../src/shared/messages';
import { placeHash, placeIn, placeOf } from '../../src/shared/pdf-place';
import type { Annotation } from '../../src/shared/types';
import { deleteDatabase } from './fresh-database';
import { makeAnnotation } from './make-annotation';

afterEach(deleteDatabase);
beforeEach(() => {
  vi.mocked(ext.sendToTab).mockReset().mockResolvedValue(undefined);
  vi.mocked(ext.openTab).mockClear();
  vi.mocked(ext.activateTab).mockClear();
});

const PAPER = 'https://journal.example/papers/whales.pdf';
const READER = 'chrome-extension://ext-id/pdf.html';
const popup: Sender = { id: 'ext-id', url: `${READER.replace('pdf', 'popup')}?url=x` };
const readerIn = (tabId: number): Sender => ({ id: 'ext-id', url: `${READER}?file=${PAPER}`, tab: { id: tabId } });

const send = (sender: Sender, name: string, req: unknown) => dispatch(handlers, { marginalia: 1, name, req }, sender);

let keys = 0;
/** A fresh PDF key per test: the tabs registry lives as long as the module. */
const nextKey = () => `urn:x-pdf:${(++keys).toString(16).padStart(32, '0')}`;

function onPage(key: string, id: string, index: number): Annotation {
  const base = makeAnnotation({ id, url: key, quote: 'Call me Ishmael.', start: 120 });
  return { ...base, target: { selector: [...base.target.selector, { type: 'PageSelector', index }] } };
}

describe('Jump to a PDF’s highlight', () => {
  it('with no reader showing it: a reader opens at the PDF’s address, on the passage’s page, to show it', async () => {
    const key = nextKey();
    const annotation = onPage(key, 'pdf-jump-0001', 6);
    await send(readerIn(30), 'annotations/save', { annotation, title: 'Whales', source: PAPER });
    expect(await send(popup, 'tab/jump', { url: key, id: annotation.id })).toEqual({
      ok: true,
      value: { found: true },
    });
    expect(ext.openTab).toHaveBeenCalledWith(
      `${READER}?file=${encodeURIComponent(PAPER)}#page=7&annotation=pdf-jump-0001`,
    );
  });

  it('with a reader showing it: that tab is brought forward and asked to jump; nothing new opens', async () => {
    const key = nextKey();
    const annotation = onPage(key, 'pdf-jump-0002', 0);
    await send(readerIn(31), 'annotations/save', { annotation, title: 'Whales', source: PAPER });
    await send(readerIn(31), 'pdf/open', { key, source: PAPER });
    vi.mocked(ext.sendToTab).mockResolvedValueOnce({ found: true });
    expect(await send(popup, 'tab/jump', { url: key, id: annotation.id })).toEqual({
      ok: true,
      value: { found: true },
    });
    expect(ext.activateTab).toHaveBeenCalledWith(31);
    expect(ext.sendToTab).toHaveBeenCalledWith(31, {
      marginaliaTab: 1,
      name: 'tab/jump',
      req: { id: annotation.id },
    });
    expect(ext.openTab).not.toHaveBeenCalled();
  });

  it('a reader tab that has gone (nothing answers there) is passed over: a new reader opens', async () => {
    const key = nextKey();
    const annotation = onPage(key, 'pdf-jump-0003', 2);
    await send(readerIn(32), 'annotations/save', { annotation, title: 'Whales', source: PAPER });
    await send(readerIn(32), 'pdf/open', { key, source: PAPER });
    vi.mocked(ext.sendToTab).mockRejectedValue(new Error('Could not establish connection'));
    expect(await send(popup, 'tab/jump', { url: key, id: annotation.id })).toMatchObject({ value: { found: true } });
    expect(ext.openTab).toHaveBeenCalledWith(
      `${READER}?file=${encodeURIComponent(PAPER)}#page=3&annotation=pdf-jump-0003`,
    );
  });

  it('a PDF opened from disk, which no reader shows, cannot be opened: not found, nothing opened', async () => {
    const key = nextKey();
    const annotation = onPage(key, 'pdf-jump-0004', 0);
    await send(readerIn(33), 'annotations/save', { annotation, title: 'Whales' });
    expect(await send(popup, 'tab/jump', { url: key, id: annotation.id })).toEqual({
      ok: true,
      value: { found: false },
    });
    expect(ext.openTab).not.toHaveBeenCalled();
  });
});

describe('a reader tab, as the popup and the side panel see it', () => {
  it('is the PDF’s page for the side panel once it has opened it', async () => {
    const key = nextKey();
    await send(readerIn(34), 'pdf/open', { key, source: PAPER });
    expect(await send(popup, 'tab/page', { tabId: 34 })).toEqual({ ok: true, value: { url: key, loading: false } });
  });

  it('says which notes it could not place; the popup lists them as not found, and Re-attach goes to that tab', async () => {
    const key = nextKey();
    const lost = onPage(key, 'pdf-lost-0001', 0);
    await send(readerIn(35), 'annotations/save', { annotation: lost, title: 'Whales', source: PAPER });
    await send(readerIn(35), 'pdf/open', { key, source: PAPER });
    expect(await send(readerIn(35), 'page/status', { url: key, orphans: [lost.id] })).toEqual({ ok: true, value: {} });
    expect(await send(popup, 'page/get', { url: key })).toMatchObject({ value: { orphans: [lost.id] } });
    vi.mocked(ext.sendToTab).mockResolvedValueOnce({ ok: true });
    expect(await send(popup, 'tab/reattach', { url: key, id: lost.id })).toEqual({ ok: true, value: { ok: true } });
    expect(ext.sendToTab).toHaveBeenCalledWith(35, { marginaliaTab: 1, name: 'tab/reattach', req: { id: lost.id } });
  });
});

describe('where in a PDF the reader opens', () => {
  it('reads #page=N and the highlight to show, from the reader’s address or else the PDF’s', () => {
    expect(placeOf('#page=12')).toEqual({ page: 12 });
    expect(placeOf('#page=3&annotation=pdf-jump-0001')).toEqual({ page: 3, annotation: 'pdf-jump-0001' });
    expect(placeOf('#page=0')).toEqual({});
    expect(placeOf('#page=2x&annotation=<script>')).toEqual({});
    expect(placeOf('')).toEqual({});
    expect(placeIn('', `${PAPER}#page=5`)).toEqual({ page: 5 });
    expect(placeIn('#page=2', `${PAPER}#page=5`)).toEqual({ page: 2 });
    expect(placeIn('', 'not an address')).toEqual({});
    expect(placeHash({ page: 7, annotation: 'pdf-jump-0001' })).toBe('#page=7&annotation=pdf-jump-0001');
    expect(placeHash({})).toBe('');
  });
});
