/**
 * A PDF's notes: stored under its fingerprint (urn:x-pdf:…) with where it was read, found
 * again from another address or from disk, out of every web page's reach, exported with
 * #page= links and kept whole by a backup. Through the background's real handlers on
 * fake-indexeddb, as the reader page sends them.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', () => import('./seam-mock'));

import { handlers } from '../../src/background/handlers';
import { allowOriginal } from '../../src/background/pdf-open';
import { FetchFailed, readLimited, TooLarge } from '../../src/pdf/fetch-pdf';
import { parseBackup, toBackup } from '../../src/shared/backup';
import { extPages, type Sender } from '../../src/shared/browser';
import { pageMarkdown } from '../../src/shared/markdown';
import { dispatch } from '../../src/shared/messages';
import { pageLink, readerFile, readerUrl } from '../../src/shared/pdf-key';
import type { Annotation } from '../../src/shared/types';
import { siteOf, urlKey } from '../../src/shared/url-key';
import { isUrl } from '../../src/shared/validate';
import { deleteDatabase } from './fresh-database';
import { makeAnnotation } from './make-annotation';

afterEach(deleteDatabase);

const KEY = 'urn:x-pdf:6d2f2b1c0a9e4b7f8c1d2e3f4a5b6c7d';
const OLDER = 'urn:x-pdf:00000000000000000000000000000001';
const PAPER = 'https://journal.example/papers/whales.pdf';
const MIRROR = 'https://mirror.example/whales.pdf';
const reader: Sender = { id: 'ext-id', url: `chrome-extension://ext-id/pdf.html?file=${PAPER}`, tab: { id: 9 } };
const tab = (url: string): Sender => ({ id: 'ext-id', url, tab: { id: 7 } });

const send = (sender: Sender, name: string, req: unknown) => dispatch(handlers, { marginalia: 1, name, req }, sender);

function pdfAnnotation(overrides: Partial<Annotation> = {}): Annotation {
  const base = makeAnnotation({ id: 'pdf-note-0001', url: KEY, quote: 'Call me Ishmael.', start: 120 });
  return {
    ...base,
    target: { selector: [...base.target.selector, { type: 'PageSelector', index: 2, label: 'iii' }] },
    ...overrides,
  };
}

describe('a PDF’s notes, keyed by its fingerprint', () => {
  it('saved from the reader with its address; found again from another address and from disk', async () => {
    const annotation = pdfAnnotation();
    expect(await send(reader, 'annotations/save', { annotation, title: 'Whales', source: PAPER })).toMatchObject({
      ok: true,
    });
    const fromMirror = await send(reader, 'pdf/open', { key: KEY, source: MIRROR });
    expect(fromMirror).toMatchObject({
      ok: true,
      value: { annotations: [annotation], page: { url: KEY, title: 'Whales', source: PAPER, count: 1 } },
    });
    const fromDisk = await send(reader, 'pdf/open', { key: KEY, source: null });
    expect(fromDisk).toMatchObject({ ok: true, value: { annotations: [annotation] } });
    // The popup over the reader's tab asks which PDF it shows (from disk: where it was last read).
    expect(await send(reader, 'pdf/shown', { tabId: 9 })).toEqual({
      ok: true,
      value: { key: KEY, source: PAPER, title: 'Whales' },
    });
  });

  it('notes of an earlier version read at the same address are listed with the new version’s', async () => {
    const old = pdfAnnotation({ id: 'pdf-note-old1', url: OLDER });
    await send(reader, 'annotations/save', { annotation: old, title: 'Whales (v1)', source: PAPER });
    const reply = await send(reader, 'pdf/open', { key: KEY, source: `${PAPER}#page=3` });
    expect(reply).toMatchObject({ ok: true, value: { annotations: [old], page: null } });
    // Not from another address: that is another document.
    expect(await send(reader, 'pdf/open', { key: KEY, source: MIRROR })).toMatchObject({
      value: { annotations: [] },
    });
  });

  it('no web page reaches a PDF’s notes: not to list, save, change or delete them', async () => {
    const annotation = pdfAnnotation();
    await send(reader, 'annotations/save', { annotation, title: 'Whales', source: PAPER });
    // Even the page the PDF came from.
    const page = tab(PAPER);
    expect(await send(page, 'annotations/list', { url: KEY })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(
      await send(page, 'annotations/save', { annotation: { ...annotation, note: 'x' }, title: '', source: PAPER }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await send(page, 'annotations/delete', { id: annotation.id })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await send(page, 'pdf/open', { key: KEY, source: PAPER })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(siteOf(KEY)).not.toBe(siteOf(PAPER));
  });

  it('a fingerprint key is a key as it is; other urn: addresses are not', () => {
    expect(urlKey(KEY)).toBe(KEY);
    expect(isUrl(KEY)).toBeUndefined();
    expect(isUrl('urn:x-pdf:')).toBeDefined();
    expect(isUrl('urn:isbn:0451450523')).toBeDefined();
  });
});

describe('the reader’s address and links', () => {
  it('reads the PDF’s address from our encoded link and from the redirect rule’s raw one', () => {
    const address = 'https://a.example/paper.pdf?x=1&y=2';
    expect(readerFile(new URL(readerUrl('chrome-extension://id/pdf.html', address)).search)).toBe(address);
    expect(readerFile(`?file=${address}`)).toBe(address);
    expect(readerFile('')).toBeUndefined();
  });

  it('links to a page of the PDF with #page=N (counted from 1)', () => {
    expect(pageLink(`${PAPER}#page=9`, 2)).toBe(`${PAPER}#page=3`);
    expect(pageLink(PAPER, undefined)).toBe(PAPER);
  });

  it('the link back to the browser’s viewer lets that one address through, in that one tab', async () => {
    await allowOriginal(PAPER, 9);
    const [remove, add] = vi.mocked(extPages.setSessionRules).mock.calls.at(-1)!;
    expect(remove).toEqual([]);
    expect(add).toMatchObject([
      { action: { type: 'allow' }, priority: 2, condition: { tabIds: [9], resourceTypes: ['main_frame'] } },
    ]);
    const rule = (add as { condition: { regexFilter: string } }[])[0]!;
    expect(new RegExp(rule.condition.regexFilter).test(PAPER)).toBe(true);
    expect(new RegExp(rule.condition.regexFilter).test(`${PAPER}x`)).toBe(false);
  });
});

describe('a PDF’s notes exported and backed up', () => {
  const page = { url: KEY, title: 'Whales', note: '', source: PAPER };

  it('Markdown links go to the PDF’s address at the passage’s page, never to the fingerprint', () => {
    const markdown = pageMarkdown(page, [pdfAnnotation({ note: 'the opening' })], {
      exportedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(markdown).toContain(`<${PAPER}#page=3>`);
    expect(markdown).toContain('the opening');
    expect(markdown).toContain(`url: "${PAPER}"`);
    expect(markdown).not.toContain('urn:x-pdf');
  });

  it('a PDF read from disk is exported without links', () => {
    const markdown = pageMarkdown({ url: KEY, title: 'Whales', note: '' }, [pdfAnnotation()], {
      exportedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(markdown).toContain('> Call me Ishmael.');
    expect(markdown).not.toContain('urn:x-pdf');
    expect(markdown).not.toContain('#page=');
  });

  it('a backup keeps the page record’s address and the page selector', () => {
    const annotation = pdfAnnotation();
    const backup = toBackup([{ ...page, updatedAt: annotation.updatedAt }], [annotation], '2026-01-01T00:00:00.000Z');
    const parsed = parseBackup(JSON.parse(JSON.stringify(backup)));
    expect(parsed.rejected).toEqual([]);
    expect(parsed.annotations).toEqual([annotation]);
    expect(parsed.pages).toEqual([
      { url: KEY, title: 'Whales', note: '', updatedAt: annotation.updatedAt, source: PAPER },
    ]);
  });
});

describe('fetching a PDF', () => {
  const stream = (sizes: number[]) =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        for (const size of sizes) controller.enqueue(new Uint8Array(size));
        controller.close();
      },
    });

  it('reads a PDF within the limit whole', async () => {
    expect((await readLimited(stream([10, 20]), 30, 100)).byteLength).toBe(30);
  });

  it('refuses one too large by its Content-Length, or as its bytes arrive when the length is missing or false', async () => {
    await expect(readLimited(stream([10]), 500, 100)).rejects.toBeInstanceOf(TooLarge);
    await expect(readLimited(stream([60, 60]), undefined, 100)).rejects.toMatchObject({ bytes: 120, limit: 100 });
    await expect(readLimited(stream([60, 60]), 50, 100)).rejects.toBeInstanceOf(TooLarge);
    expect(new FetchFailed('HTTP 404').message).toBe('HTTP 404');
  });
});
