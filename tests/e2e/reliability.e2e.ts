/**
 * Issue 7 in a real browser (Chromium, on the built dist/chrome): the background service
 * worker stopped in the middle of writes, forged window.postMessage traffic, and odd text
 * through the browser's own messaging and IndexedDB.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startServer } from '../../scripts/fixture-server.mjs';
import type { Name, Req } from '../../src/shared/messages';
import type { Annotation } from '../../src/shared/types';
import { askFrom, waitForStoredFrom } from '../support/background';
import { type Launched, launchChromium } from '../support/browsers';
import { postForgedMessages } from '../support/forgery';
import { listedQuotes, openPopup } from '../support/popup';
import { clickHighlight, drawnQuotes, fold, selectUntilToolbar, waitForDrawn } from '../support/reader';
import { workerControl } from '../support/worker-control';

let server: FixtureServer;
let launched: Launched;
/** An extension page the tests ask the background from, as the popup does. */
let control: Page;
/** Stops the background worker and counts how often it was seen stopped. */
let workers: Awaited<ReturnType<typeof workerControl>>;

beforeAll(async () => {
  server = await startServer();
  launched = await launchChromium();
  control = await openPopup(launched, undefined, 'library');
  // Chromium pauses a restarting worker for puppeteer's debugger (puppeteer#9995): the
  // control lets it run, as a browser without a debugger would.
  workers = await workerControl(launched, control);
});

afterAll(async () => {
  await launched?.browser.close();
  await server?.close();
});

/** Stops the background service worker, as Chromium does to an idle one. */
async function stopWorker(): Promise<void> {
  await workers.stop();
}

const ask = <N extends Name>(name: N, req: Req<N>) => askFrom(control, name, req);
const waitForStored = (url: string, count: number) => waitForStoredFrom(control, url, count, { timeout: 30_000 });

const exactOf = (a: Annotation) => fold(a.target.selector.find((s) => s.type === 'TextQuoteSelector')!.exact);

describe('Chromium: faults and hostile input', () => {
  it('the service worker stopped in the middle of writes: every highlight the page showed is stored exactly once', async () => {
    const url = `${server.origin}/essay.html?worker-stopped`;
    const page = await launched.browser.newPage();
    await page.goto(url);
    const quotes: string[] = [];
    const stopsBefore = workers.stops();
    for (const n of [2, 3, 4, 5, 6]) {
      const quote = await selectUntilToolbar(page, `article p:nth-of-type(${n})`, 8);
      await clickHighlight(page, 'chromium');
      // The worker goes while the save is on its way (or just answered).
      await stopWorker();
      await waitForDrawn(page, quote);
      quotes.push(fold(quote));
    }
    expect(await drawnQuotes(page)).toEqual(quotes);
    // The worker really went away each time (and came back for the next message).
    expect(workers.stops() - stopsBefore).toBeGreaterThanOrEqual(quotes.length);

    const stored = await waitForStored(url, quotes.length);
    expect(stored.map(exactOf).sort()).toEqual([...quotes].sort());
    expect(new Set(stored.map((a) => a.id)).size).toBe(quotes.length);

    await stopWorker();
    await page.reload();
    for (const quote of quotes) await waitForDrawn(page, quote);
    expect(await drawnQuotes(page)).toEqual(quotes);

    expect(await listedQuotes(launched, url, quotes.length)).toEqual(quotes);
    await page.close();
  });

  it('forged window.postMessage traffic from the page stores nothing; the reader’s own highlight is stored', async () => {
    const url = `${server.origin}/app/hostile.html?forged`;
    const page = await launched.browser.newPage();
    await page.goto(url);
    await postForgedMessages(page, url, 'forged-by-the-page-01');

    const quote = await selectUntilToolbar(page, '#honest', 8);
    await clickHighlight(page, 'chromium');
    await waitForDrawn(page, quote);
    // The forged "annotations/changed" drew nothing either.
    expect(await drawnQuotes(page)).toEqual([fold(quote)]);

    const stored = await waitForStored(url, 1);
    expect(stored.map(exactOf)).toEqual([fold(quote)]);
    expect(stored.map((a) => a.id)).not.toContain('forged-by-the-page-01');
    await page.close();
  });

  it('odd text (joined emoji, right-to-left, CJK, combining marks, NUL, CRLF) survives Chromium’s messaging and IndexedDB', async () => {
    const url = `${server.origin}/essay.html?odd-text`;
    const text = '👩‍👩‍👧‍👦 שלום مرحبا 漢字 e\u0301 Z̤͔ͧ \0 a\r\nb \u2028 \uFEFF';
    const annotation: Annotation = {
      id: 'odd-text-in-chromium',
      url,
      target: { selector: [{ type: 'TextQuoteSelector', exact: text, prefix: text, suffix: text }] },
      color: 'green',
      note: text,
      tags: [text],
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    };
    await ask('annotations/save', { annotation, title: text });
    const { annotations, page } = await ask('page/get', { url });
    expect(annotations).toEqual([annotation]);
    expect(page?.title).toBe(text);
  });

  it('a lone surrogate survives Chromium’s messaging and IndexedDB', async () => {
    const url = `${server.origin}/essay.html?lone-surrogate`;
    const text = 'a\uD800b\uDFFFc';
    const annotation: Annotation = {
      id: 'lone-surrogate-chromium',
      url,
      target: { selector: [{ type: 'TextQuoteSelector', exact: text, prefix: '', suffix: '' }] },
      color: 'green',
      note: text,
      tags: [],
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    };
    await ask('annotations/save', { annotation, title: '' });
    const { annotations } = await ask('page/get', { url });
    const units = (s: string) => [...Array(s.length).keys()].map((k) => s.charCodeAt(k).toString(16));
    expect(units(annotations[0]!.note)).toEqual(units(text));
  });
});
