/**
 * Issue 7, URLs, through dispatch (the checks and handlers the browser runs): canonical
 * aliases, local files as their own sites, and addresses up to the length limit.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', () => import('./seam-mock'));

import { getAnnotation, saveAnnotation } from '../../src/background/db';
import { handlers } from '../../src/background/handlers';
import { ext, type Sender } from '../../src/shared/browser';
import { MAX_URL } from '../../src/shared/limits';
import { dispatch } from '../../src/shared/messages';
import { deleteDatabase } from './fresh-database';
import { makeAnnotation } from './make-annotation';

afterEach(deleteDatabase);

const popup: Sender = { id: 'ext-id', url: 'chrome-extension://ext-id/popup.html' };
/** Each test uses its own tab ids: the tabs registry lives as long as the module. */
let nextTab = 500;
const tabOn = (url: string): Sender => ({ id: 'ext-id', url, tab: { id: nextTab++ } });

function messageFrom(sender: Sender, name: string, req: unknown) {
  return dispatch(handlers, { marginalia: 1, name, req }, sender);
}

const ARTICLE = 'https://news.example/2026/article';
const PRINT = 'https://news.example/2026/article?view=print';
const AMP = 'https://news.example/amp/2026/article';

describe('<link rel=canonical>: the page’s notes and its canonical address’s are one set', () => {
  const onArticle = makeAnnotation({ id: 'on-canonical-01', url: ARTICLE, quote: 'from the article' });
  const onPrint = makeAnnotation({ id: 'on-the-print-01', url: PRINT, quote: 'from the print view' });

  it('a page with a canonical address on its site lists both addresses’ notes, each once', async () => {
    await saveAnnotation(onArticle, 'Article');
    await saveAnnotation(onPrint, 'Article (print)');
    const reply = await messageFrom(tabOn(PRINT), 'annotations/list', { url: PRINT, canonical: ARTICLE });
    expect(reply).toEqual({ ok: true, value: [onPrint, onArticle] });
    // A page that names itself is just itself.
    expect(await messageFrom(tabOn(ARTICLE), 'annotations/list', { url: ARTICLE, canonical: ARTICLE })).toEqual({
      ok: true,
      value: [onArticle],
    });
  });

  it('the site’s home or a section above the page is no alias: an app that names its home on every route keeps each page’s notes apart', async () => {
    const onHome = makeAnnotation({ id: 'on-the-home-01', url: 'https://news.example/', quote: 'on the home page' });
    const onSection = makeAnnotation({
      id: 'on-section-01',
      url: 'https://news.example/2026',
      quote: 'in the section',
    });
    await saveAnnotation(onHome, 'News');
    await saveAnnotation(onSection, '2026');
    await saveAnnotation(onPrint, 'Article (print)');
    for (const canonical of ['https://news.example/', 'https://news.example/2026', 'https://news.example/2026/']) {
      const reply = await messageFrom(tabOn(PRINT), 'annotations/list', { url: PRINT, canonical });
      expect(reply).toEqual({ ok: true, value: [onPrint] });
    }
  });

  it('another site’s canonical address is refused: a page cannot read that site’s notes by naming it', async () => {
    const secret = makeAnnotation({ id: 'bank-secret-01', url: 'https://bank.example/statement', quote: 'balance' });
    await saveAnnotation(secret, 'Statement');
    const page = 'https://news.example/2026/hostile';
    for (const canonical of ['https://bank.example/statement', 'http://news.example/2026/article']) {
      const reply = await messageFrom(tabOn(page), 'annotations/list', { url: page, canonical });
      expect(reply).toEqual({
        ok: false,
        error: { code: 'forbidden', message: 'A canonical address on another site is not used' },
      });
    }
    // Nor does the popup then think the print view is the bank's page.
    const got = await messageFrom(popup, 'page/get', { url: page });
    expect(got).toMatchObject({ ok: true, value: { annotations: [], alias: null } });
  });

  it('the popup for either address shows the same notes while a tab of the aliased page is open', async () => {
    await saveAnnotation(onArticle, 'Article');
    const tab = tabOn(AMP);
    await messageFrom(tab, 'annotations/list', { url: AMP, canonical: ARTICLE });
    const forAmp = await messageFrom(popup, 'page/get', { url: AMP });
    expect(forAmp).toMatchObject({
      ok: true,
      value: { annotations: [onArticle], alias: ARTICLE, page: { url: ARTICLE, title: 'Article' } },
    });
    const forArticle = await messageFrom(popup, 'page/get', { url: ARTICLE });
    expect(forArticle).toMatchObject({ ok: true, value: { annotations: [onArticle], alias: null } });
  });

  it('a change made elsewhere to a note kept under the canonical address reaches the aliased tab', async () => {
    const tab = tabOn(AMP);
    await messageFrom(tab, 'annotations/list', { url: AMP, canonical: ARTICLE });
    vi.mocked(ext.sendToTab).mockClear();
    await messageFrom(popup, 'annotations/save', { annotation: onArticle, title: 'Article' });
    expect(ext.sendToTab).toHaveBeenCalledWith(tab.tab!.id, {
      marginaliaEvent: 1,
      name: 'annotations/changed',
      payload: { url: ARTICLE, saved: [onArticle], deleted: [] },
    });
  });

  it('a tab that saves under its canonical address stays registered for its own address too', async () => {
    const tab = tabOn(AMP);
    await messageFrom(tab, 'annotations/list', { url: AMP, canonical: ARTICLE });
    await messageFrom(tab, 'annotations/save', { annotation: onArticle, title: 'Article' });
    expect(await messageFrom(popup, 'page/get', { url: AMP })).toMatchObject({ value: { alias: ARTICLE } });
    const ownNote = makeAnnotation({ id: 'on-the-amp-01', url: AMP });
    vi.mocked(ext.sendToTab).mockClear();
    await messageFrom(popup, 'annotations/save', { annotation: ownNote, title: 'AMP' });
    expect(vi.mocked(ext.sendToTab).mock.calls.map(([id]) => id)).toContain(tab.tab!.id);
  });
});

describe('local files: each file is its own site', () => {
  const A = 'file:///home/reader/papers/a.html';
  const B = 'file:///home/reader/papers/b.html';
  const onA = makeAnnotation({ id: 'on-file-a-01', url: A, quote: 'in file a' });
  const onB = makeAnnotation({ id: 'on-file-b-01', url: B, quote: 'in file b' });

  it('a file’s page saves and lists its own notes, also when opened with a fragment', async () => {
    const tab = tabOn(`${A}#section`);
    expect(await messageFrom(tab, 'annotations/save', { annotation: onA, title: 'a' })).toMatchObject({ ok: true });
    expect(await messageFrom(tab, 'annotations/list', { url: A })).toEqual({ ok: true, value: [onA] });
    expect(await messageFrom(popup, 'page/get', { url: `${A}#x` })).toMatchObject({ value: { annotations: [onA] } });
  });

  it('one file cannot read, save onto, change or delete another file’s notes, nor a web page’s', async () => {
    await saveAnnotation(onB, 'b');
    const web = makeAnnotation({ id: 'on-the-web-01', url: ARTICLE });
    await saveAnnotation(web, 'web');
    const fromA = tabOn(A);
    const forbidden = { ok: false, error: { code: 'forbidden', message: 'That page belongs to another site' } };
    expect(await messageFrom(fromA, 'annotations/list', { url: B })).toEqual(forbidden);
    expect(await messageFrom(fromA, 'annotations/list', { url: ARTICLE })).toEqual(forbidden);
    expect(await messageFrom(fromA, 'annotations/list', { url: A, canonical: B })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await messageFrom(fromA, 'annotations/save', { annotation: { ...onB, note: 'x' }, title: '' })).toEqual(
      forbidden,
    );
    expect(
      await messageFrom(fromA, 'annotations/patch', { id: onB.id, change: { note: 'x' }, updatedAt: onB.updatedAt }),
    ).toEqual(forbidden);
    expect(await messageFrom(fromA, 'annotations/delete', { id: onB.id })).toEqual(forbidden);
    expect(await getAnnotation(onB.id)).toEqual(onB);
    // And a web page cannot reach a file's notes.
    expect(await messageFrom(tabOn(ARTICLE), 'annotations/list', { url: B })).toEqual(forbidden);
  });

  it('a file’s page may send only what any page may: the popup’s operations stay forbidden', async () => {
    for (const [name, req] of [
      ['page/get', { url: A }],
      ['library/everything', {}],
      ['page/note', { url: A, note: 'n', title: '' }],
    ] as const) {
      expect(await messageFrom(tabOn(A), name, req)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
  });
});

describe('very long addresses', () => {
  const at = (length: number) => {
    const base = 'https://app.example/view?state=';
    return base + 'x'.repeat(length - base.length);
  };

  it(`an address of ${MAX_URL.toLocaleString('en-US')} characters is kept like any other`, async () => {
    const url = at(MAX_URL);
    const annotation = makeAnnotation({ id: 'at-the-limit-01', url });
    const tab = tabOn(`${url}#${'f'.repeat(200_000)}`);
    expect(await messageFrom(tab, 'annotations/save', { annotation, title: 'App' })).toMatchObject({ ok: true });
    expect(await messageFrom(tab, 'annotations/list', { url })).toEqual({ ok: true, value: [annotation] });
  });

  it('one character more is refused before anything is stored', async () => {
    const url = at(MAX_URL + 1);
    const annotation = makeAnnotation({ id: 'over-the-limit-1', url });
    const reply = await messageFrom(tabOn(url), 'annotations/save', { annotation, title: 'App' });
    expect(reply).toEqual({
      ok: false,
      error: { code: 'invalid', message: 'annotations/save: annotation: url: longer than 65536 characters' },
    });
    expect(await getAnnotation(annotation.id)).toBeUndefined();
  });
});
