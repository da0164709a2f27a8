import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../src/shared/browser', () => import('./seam-mock'));

import { tabLoaded, tabLoading } from '../../src/background/broadcast';
import { getAnnotation, pageFor, saveAnnotation } from '../../src/background/db';
import { handlers } from '../../src/background/handlers';
import { ext, type Sender } from '../../src/shared/browser';
import { dispatch } from '../../src/shared/messages';
import { addDays } from '../../src/shared/review-schedule';
import { deleteDatabase } from './fresh-database';
import { makeAnnotation } from './make-annotation';

afterEach(deleteDatabase);
beforeEach(() => vi.clearAllMocks());

const popup: Sender = { id: 'ext-id', url: 'chrome-extension://ext-id/review.html' };
const tab = (id: number, url: string): Sender => ({ id: 'ext-id', url, tab: { id } });
const ask = (name: string, req: unknown, sender: Sender = popup) =>
  dispatch(handlers, { marginalia: 1, name, req }, sender) as Promise<{ ok: boolean; value?: never; error?: unknown }>;

const TODAY = '2026-03-10';
const made = (i: number, createdAt: string) =>
  makeAnnotation({
    id: `a0000000-0000-4000-8000-00000000000${i}`,
    url: `https://a.example/${i}`,
    quote: `passage ${i}`,
    createdAt,
    updatedAt: createdAt,
  });

describe('the Review, through the background', () => {
  it('today’s cards come with their page titles, and a verdict is stored with the highlight, not moving its page in the library', async () => {
    await saveAnnotation(made(1, '2025-06-01T12:00:00.000Z'), 'Old article');
    await saveAnnotation(made(2, '2025-09-01T12:00:00.000Z'), 'Newer article');
    await saveAnnotation(made(3, '2026-03-10T12:00:00.000Z'), 'Made today');
    const today = await ask('review/today', { day: TODAY, perDay: 5 });
    expect(today.ok).toBe(true);
    const value = today.value as unknown as {
      cards: { annotation: { id: string }; title: string }[];
      reviewed: number;
    };
    expect(value.cards.map((c) => c.title)).toEqual(['Old article', 'Newer article']);
    expect(value.reviewed).toBe(0);

    const pageBefore = await pageFor('https://a.example/1');
    const marked = await ask('review/mark', { id: made(1, '').id, verdict: 'keep', day: TODAY });
    expect(marked.ok).toBe(true);
    const stored = await getAnnotation(made(1, '').id);
    expect(stored?.review).toEqual({ last: TODAY, next: addDays(TODAY, 3), interval: 3 });
    expect(await pageFor('https://a.example/1')).toEqual(pageBefore);
    // Open popups and pages hear of it, as of any change.
    expect(ext.sendMessage).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'annotations/changed', payload: expect.objectContaining({ saved: [stored] }) }),
    );

    const after = (await ask('review/today', { day: TODAY, perDay: 5 })).value as unknown as {
      cards: { title: string }[];
      reviewed: number;
    };
    expect(after.cards.map((c) => c.title)).toEqual(['Newer article']);
    expect(after.reviewed).toBe(1);
  });

  it('only extension pages may ask, and a malformed day or verdict is refused', async () => {
    const fromTab = await ask('review/today', { day: TODAY, perDay: 5 }, tab(3, 'https://a.example/1'));
    expect(fromTab).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ask('review/today', { day: '2026-02-30', perDay: 5 })).toMatchObject({ ok: false });
    expect(await ask('review/mark', { id: made(1, '').id, verdict: 'forget', day: TODAY })).toMatchObject({
      ok: false,
    });
    expect(await ask('tab/page', { tabId: 3 }, tab(3, 'https://a.example/1'))).toMatchObject({ ok: false });
  });
});

describe('the side panel’s view of a tab', () => {
  it('a tab shows the page its content script listed; while it loads another, none; where nothing answers, none', async () => {
    await ask('annotations/list', { url: 'https://a.example/1' }, tab(21, 'https://a.example/1'));
    expect((await ask('tab/page', { tabId: 21 })).value).toEqual({ url: 'https://a.example/1', loading: false });
    expect(ext.sendMessage).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'tab/page', payload: { tabId: 21, url: 'https://a.example/1' } }),
    );

    tabLoading(21);
    expect((await ask('tab/page', { tabId: 21 })).value).toEqual({ url: null, loading: true });
    // The new page's content script lists its notes: the panel is told.
    await ask('annotations/list', { url: 'https://a.example/2' }, tab(21, 'https://a.example/2'));
    expect((await ask('tab/page', { tabId: 21 })).value).toEqual({ url: 'https://a.example/2', loading: false });

    // A page where no content script answers (the seam's sendToTab answers nothing).
    tabLoading(21);
    await tabLoaded(21);
    expect((await ask('tab/page', { tabId: 21 })).value).toEqual({ url: null, loading: false });

    // A same-document navigation: the content script answers for the page it listed.
    await ask('annotations/list', { url: 'https://a.example/2' }, tab(21, 'https://a.example/2'));
    tabLoading(21);
    vi.mocked(ext.sendToTab).mockResolvedValueOnce({ url: 'https://a.example/2' });
    await tabLoaded(21);
    expect((await ask('tab/page', { tabId: 21 })).value).toEqual({ url: 'https://a.example/2', loading: false });
  });
});
