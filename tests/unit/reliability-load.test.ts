/**
 * Issue 7, load: 10,000 annotations over 2,000 pages. What the popup asks for works on all
 * of them (its speed is measured by bench/popup.mjs, not here), and a page's annotations
 * are read through the URL index, not by reading every annotation.
 */
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', () => import('./seam-mock'));

import { handlers } from '../../src/background/handlers';
import { parseBackup, toBackup } from '../../src/shared/backup';
import type { Sender } from '../../src/shared/browser';
import { libraryMarkdown } from '../../src/shared/markdown';
import { markdownZip } from '../../src/shared/markdown-zip';
import { dispatch, type Name, type Req, type Res } from '../../src/shared/messages';
import type { Annotation } from '../../src/shared/types';
import { deleteDatabase } from './fresh-database';
import { makeAnnotation } from './make-annotation';

const PAGES = 2_000;
const PER_PAGE = 5;
const popup: Sender = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };

async function ask<N extends Name>(name: N, req: Req<N>): Promise<Res<N>> {
  const reply = await dispatch(handlers, { marginalia: 1, name, req }, popup);
  if (!reply.ok) throw new Error(`${name}: ${reply.error.message}`);
  return reply.value as Res<N>;
}

const urlOf = (page: number) => `https://site-${page % 50}.example/article/${page}`;
const hex = (n: number) => n.toString(16).padStart(12, '0');

function library(): { pages: { url: string; title: string; updatedAt: string }[]; annotations: Annotation[] } {
  const pages = [];
  const annotations: Annotation[] = [];
  for (let p = 0; p < PAGES; p++) {
    const updatedAt = new Date(Date.UTC(2025, 0, 1) + p * 60_000).toISOString();
    pages.push({ url: urlOf(p), title: `Article ${p}`, updatedAt });
    for (let k = 0; k < PER_PAGE; k++) {
      const n = p * PER_PAGE + k;
      annotations.push(
        makeAnnotation({
          id: `a0000000-0000-4000-8000-${hex(n)}`,
          url: urlOf(p),
          quote: `passage ${n} of article ${p}`,
          start: k * 100,
          note: n === 4_321 ? 'the one note that mentions a narwhal' : `note ${n}`,
          tags: [`tag-${n % 7}`],
          createdAt: updatedAt,
          updatedAt,
        }),
      );
    }
  }
  return { pages, annotations };
}

describe('10,000 annotations over 2,000 pages', () => {
  const { pages, annotations } = library();

  beforeAll(async () => {
    await deleteDatabase();
    expect(await ask('library/import', { pages, annotations })).toEqual({
      added: 10_000,
      updated: 0,
      unchanged: 0,
    });
  }, 60_000);
  afterAll(deleteDatabase);

  it('a page’s annotations are read through the URL index, never by reading them all', async () => {
    const byIndex = vi.spyOn(IDBIndex.prototype, 'getAll');
    const wholeStore = vi.spyOn(IDBObjectStore.prototype, 'getAll');
    const cursor = vi.spyOn(IDBObjectStore.prototype, 'openCursor');
    try {
      const { annotations: found, page } = await ask('page/get', { url: urlOf(1_234) });
      expect(
        found.map((a) => a.target.selector[0]?.type === 'TextQuoteSelector' && a.target.selector[0].exact),
      ).toEqual([0, 1, 2, 3, 4].map((k) => `passage ${1_234 * PER_PAGE + k} of article 1234`));
      expect(page?.count).toBe(PER_PAGE);
      expect(byIndex).toHaveBeenCalledWith(urlOf(1_234));
      expect(wholeStore).not.toHaveBeenCalled();
      expect(cursor).not.toHaveBeenCalled();
    } finally {
      byIndex.mockRestore();
      wholeStore.mockRestore();
      cursor.mockRestore();
    }
  });

  it('the library lists all 2,000 pages, newest first, each with its count', async () => {
    const { pages: listed } = await ask('library/pages', {});
    expect(listed).toHaveLength(PAGES);
    expect(listed[0]?.url).toBe(urlOf(PAGES - 1));
    expect(listed.at(-1)?.url).toBe(urlOf(0));
    expect(listed.every((p) => p.count === PER_PAGE)).toBe(true);
  });

  it('search finds the one note among 10,000, and a tag filter counts every match', async () => {
    const one = await ask('library/search', { query: 'narwhal', color: null, tag: null, limit: 50 });
    expect(one.total).toBe(1);
    expect(one.hits[0]?.annotation.note).toBe('the one note that mentions a narwhal');
    expect(one.hits[0]?.title).toBe('Article 864');
    const tagged = await ask('library/search', { query: '', color: null, tag: 'tag-3', limit: 50 });
    expect(tagged.total).toBe(annotations.filter((a) => a.tags[0] === 'tag-3').length);
    expect(tagged.hits).toHaveLength(50);
  });

  it('exporting everything gives every annotation: Markdown, the zip, and a backup that reads back', async () => {
    const everything = await ask('library/everything', {});
    expect(everything.annotations).toHaveLength(10_000);
    expect(everything.pages).toHaveLength(PAGES);
    const grouped = everything.pages.map((page) => ({
      page,
      annotations: everything.annotations.filter((a) => a.url === page.url),
    }));
    const markdown = libraryMarkdown(grouped, { exportedAt: '2026-01-01T00:00:00.000Z' });
    const lines = new Set(markdown.split('\n'));
    expect(annotations.filter((a) => !lines.has(a.note)).map((a) => a.id)).toEqual([]);
    expect(markdown.match(/^> passage \d+ of article \d+$/gm)).toHaveLength(10_000);
    const zip = markdownZip(grouped, { exportedAt: '2026-01-01T00:00:00.000Z' });
    expect(zip.byteLength).toBeGreaterThan(10_000 * 50);
    const backup = parseBackup(toBackup(everything.pages, everything.annotations, '2026-01-01T00:00:00.000Z'));
    expect(backup.annotations).toHaveLength(10_000);
    expect(backup.rejected).toEqual([]);
  }, 60_000);
});
