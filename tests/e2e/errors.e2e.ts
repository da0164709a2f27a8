/**
 * Issue 7, "the database cannot be opened" and "the reader is told when a save failed for
 * good", in Chromium on the built dist/chrome: what the reader sees in the toolbar and the
 * popup when storage fails.
 *
 * The faults are real and come from outside the product, through the extension's service
 * worker (puppeteer evaluates there; Marginalia has no test-only switch):
 * - a newer version of the database: the worker opens Marginalia's IndexedDB database at a
 *   much higher version, as a newer Marginalia would. Our connection steps aside on
 *   versionchange, and every later open fails with VersionError. Deleting the database
 *   afterwards lets the next test start from an empty, healthy one.
 * - a background that gives no answer: one more runtime.onMessage listener in the worker
 *   answers a save with nothing before ours can, as a worker that went away mid-message
 *   does. The content script retries such a save (250 ms, 1 s, 3 s).
 */
import type { Page, WebWorker } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { DB_NAME, DB_VERSION } from '../../src/background/db';
import type { Annotation } from '../../src/shared/types';
import { waitForStored as waitUntilStored } from '../support/background';
import { launchChromium } from '../support/browsers';
import { englishMessage } from '../support/english';
import { openPopup } from '../support/popup';
import { clickHighlight, drawnQuotes, fold, selectUntilToolbar, waitForDrawn } from '../support/reader';
import { waitForNothingDrawn } from '../support/scenarios';
import { useBrowser } from '../support/suite';
import { pressButton, waitForNoteEditor, waitForToolbarMessage } from '../support/toolbar';

const suite = useBrowser(launchChromium);

/** What the background says when the database was written by a newer Marginalia. */
const TOO_NEW = englishMessage('databaseTooNew');

/** The extension's service worker, where the faults are injected. */
async function background(): Promise<WebWorker> {
  const { browser, extensionOrigin } = suite.launched();
  const target = await browser.waitForTarget(
    (t) => t.type() === 'service_worker' && t.url().startsWith(extensionOrigin),
    { timeout: 20_000 },
  );
  const worker = await target.worker();
  if (!worker) throw new Error('no service worker');
  return worker;
}

/**
 * Opens Marginalia's database at a version far above ours, as a newer Marginalia would:
 * our open connection closes on versionchange, and every later open fails.
 */
async function databaseFromTheFuture(): Promise<void> {
  const version = await (await background()).evaluate(
    (name, version) =>
      new Promise<number>((resolve, reject) => {
        const request = indexedDB.open(name, version);
        request.onsuccess = () => {
          const db = request.result;
          db.close();
          resolve(db.version);
        };
        request.onerror = () => reject(request.error);
      }),
    DB_NAME,
    DB_VERSION + 1000,
  );
  expect(version).toBe(DB_VERSION + 1000);
}

/** Deletes the database, so Marginalia opens a new, empty one at its own version. */
async function freshDatabase(): Promise<void> {
  await (await background()).evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
        // Our own connection, if open, closes on versionchange; nothing else holds it.
        request.onblocked = () => reject(new Error('the database is held open'));
      }),
    DB_NAME,
  );
}

interface DroppedSaves {
  /** Resolves with the ids of the saves seen once there are `count` of them. */
  seen(count: number): Promise<string[]>;
  /** Removes the listener; returns the ids of every save seen. */
  stop(): Promise<string[]>;
}

/**
 * From now on the background answers the first `count` saves with nothing (a dropped
 * answer), before its own handler can answer; every save that reaches it is counted.
 */
async function dropSaveAnswers(count: number): Promise<DroppedSaves> {
  const worker = await background();
  type Scope = {
    chrome: typeof import('webextension-polyfill');
    droppedSaves?: { ids: string[]; listener: never; waiters: (() => void)[] };
  };
  await worker.evaluate((count) => {
    const scope = globalThis as unknown as Scope;
    const dropped = { ids: [] as string[], listener: undefined as never, waiters: [] as (() => void)[] };
    const listener = (
      message: { name?: string; req?: { annotation?: { id?: string } } },
      _sender: unknown,
      sendResponse: (reply?: unknown) => void,
    ) => {
      if (message?.name !== 'annotations/save') return false;
      dropped.ids.push(String(message.req?.annotation?.id));
      for (const wake of dropped.waiters.splice(0)) wake();
      if (dropped.ids.length <= count) sendResponse(undefined);
      return false;
    };
    dropped.listener = listener as never;
    scope.droppedSaves = dropped;
    scope.chrome.runtime.onMessage.addListener(listener as never);
  }, count);
  return {
    seen: (count) =>
      worker.evaluate(
        (count) =>
          new Promise<string[]>((resolve) => {
            const dropped = (globalThis as unknown as Scope).droppedSaves!;
            const check = () => {
              if (dropped.ids.length >= count) resolve([...dropped.ids]);
              else dropped.waiters.push(check);
            };
            check();
          }),
        count,
      ),
    stop: () =>
      worker.evaluate(() => {
        const scope = globalThis as unknown as Scope;
        const dropped = scope.droppedSaves!;
        scope.chrome.runtime.onMessage.removeListener(dropped.listener);
        scope.droppedSaves = undefined;
        return dropped.ids;
      }),
  };
}

/** Gives up on `promise` after `ms`, naming what was awaited. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

const waitForStored = (url: string, count: number) => waitUntilStored(suite.launched(), url, count);

/** The reader highlights a passage of the essay with the toolbar; returns the quote. */
async function highlight(page: Page, paragraph: number): Promise<string> {
  const quote = await selectUntilToolbar(page, `article p:nth-of-type(${paragraph})`, 8);
  await clickHighlight(page, 'chromium');
  return quote;
}

const quoteOf = (a: Annotation) => fold(a.target.selector.find((s) => s.type === 'TextQuoteSelector')!.exact);

describe('Chromium: the database cannot be opened', () => {
  it('a page with highlights says in the toolbar that they could not be loaded, and draws none', async () => {
    await freshDatabase();
    const url = `${suite.server().origin}/essay.html?cannot-load`;
    const page = await suite.launched().browser.newPage();
    await page.goto(url);
    const quote = await highlight(page, 3);
    await waitForDrawn(page, quote);
    await waitForStored(url, 1);

    await databaseFromTheFuture();
    await page.reload();
    await waitForToolbarMessage(page, 'chromium', englishMessage('couldNotLoad', [TOO_NEW]));
    expect(await drawnQuotes(page)).toEqual([]);
    await page.close();
  });

  it('a new highlight that cannot be saved is taken back, and the toolbar says why', async () => {
    await freshDatabase();
    await databaseFromTheFuture();
    const page = await suite.launched().browser.newPage();
    await page.goto(`${suite.server().origin}/essay.html?cannot-save`);
    // Loading already failed (the toolbar says so); the reader highlights anyway.
    await waitForToolbarMessage(page, 'chromium', englishMessage('couldNotLoad', [TOO_NEW]));
    const quote = await highlight(page, 4);
    await waitForToolbarMessage(page, 'chromium', englishMessage('couldNotSave', [TOO_NEW]));
    await waitForNothingDrawn(page);
    expect(await drawnQuotes(page)).not.toContain(fold(quote));
    await page.close();
  });

  it('the popup shows the error in place of the page’s notes, and the library in place of its list', async () => {
    await freshDatabase();
    const url = `${suite.server().origin}/essay.html?popup-error`;
    await databaseFromTheFuture();

    const view = await openPopup(suite.launched(), url);
    const alert = await view.waitForSelector('[role="alert"]', { timeout: 15_000 });
    expect(await alert!.evaluate((el) => el.textContent)).toBe(englishMessage('loadFailed', [TOO_NEW]));
    expect(await view.$$('.highlights')).toEqual([]);
    expect(await view.$$eval('[role="status"]', (els) => els.map((el) => el.textContent))).not.toContain(
      englishMessage('loading'),
    );
    await view.close();

    const library = await openPopup(suite.launched(), undefined, 'library');
    const said = await library.waitForSelector('[role="alert"]', { timeout: 15_000 });
    expect(await said!.evaluate((el) => el.textContent)).toContain(TOO_NEW);
    // Not a list that looks empty, and not "Loading…" for ever next to the error.
    expect(await library.$$('.pages')).toEqual([]);
    expect(await library.$$eval('[role="status"]', (els) => els.map((el) => el.textContent))).not.toContain(
      englishMessage('loading'),
    );
    await library.close();
  });
});

describe('Chromium: a note the popup cannot store', () => {
  it('stays in its field, unsaved, and the popup says why; the next time the field loses focus it is stored', async () => {
    await freshDatabase();
    const url = `${suite.server().origin}/essay.html?note-not-stored`;
    const page = await suite.launched().browser.newPage();
    await page.goto(url);
    const quote = await highlight(page, 4);
    await waitForStored(url, 1);

    const view = await openPopup(suite.launched(), url);
    const field = (await view.waitForSelector('.highlights textarea.note-field'))!;
    await databaseFromTheFuture();
    const typed = 'A note typed while the database was away';
    await field.click();
    await view.keyboard.type(typed);
    await view.keyboard.press('Tab');
    await view.waitForFunction(
      (wanted) => [...document.querySelectorAll('[role="status"]')].some((el) => el.textContent === wanted),
      {},
      englishMessage('saveFailed', [TOO_NEW]),
    );
    expect(await field.evaluate((el) => (el as HTMLTextAreaElement).value)).toBe(typed);

    // The database is back (empty: a new one). Leaving the field again stores what it shows.
    await freshDatabase();
    await field.click();
    await view.keyboard.press('Tab');
    const [stored] = await waitForStored(url, 1);
    expect(stored?.note).toBe(typed);
    expect(quoteOf(stored!)).toBe(fold(quote));
    await view.close();
    await page.close();
  });
});

describe('Chromium: a note the page’s editor cannot store', () => {
  it('stays in the editor, which stays open with the reason, instead of going with it', async () => {
    await freshDatabase();
    const url = `${suite.server().origin}/essay.html?editor-unsaved`;
    const page = await suite.launched().browser.newPage();
    await page.goto(url);
    const quote = await selectUntilToolbar(page, 'article p:nth-of-type(6)', 8);
    await pressButton(page, 'chromium', 'select', 'Note');
    await waitForDrawn(page, quote);
    const editor = await waitForNoteEditor(page);
    await databaseFromTheFuture();

    const typed = 'A note the database cannot take just now';
    await page.keyboard.type(typed);
    await page.keyboard.down('Control');
    await page.keyboard.press('Enter');
    await page.keyboard.up('Control');
    await waitForToolbarMessage(page, 'chromium', englishMessage('couldNotSave', [TOO_NEW]));
    // Still there with every character the reader typed, and still theirs to type in.
    const still = await waitForNoteEditor(page);
    expect(still).toBe(editor);
    await page.keyboard.type(', still here');
    expect(await editor.evaluate(() => document.querySelector('textarea')?.value)).toBe(`${typed}, still here`);
    expect(await page.$('marginalia-toolbar')).not.toBeNull();
    await page.close();
  });
});

describe('Chromium: a save that gets no answer', () => {
  it('is retried with the same id, up to three times: when the fourth try is answered, the highlight stays and nothing is said', async () => {
    await freshDatabase();
    const url = `${suite.server().origin}/essay.html?retried`;
    const page = await suite.launched().browser.newPage();
    await page.goto(url);
    const dropped = await dropSaveAnswers(3);
    let tries: string[];
    try {
      const quote = await highlight(page, 5);
      // Three answers dropped (after 0, 250 ms, 1 s), the fourth try (after 3 s more) answered.
      tries = await within(dropped.seen(4), 15_000, 'four tries of the save');
      const [stored, ...more] = await waitForStored(url, 1);
      expect(more).toEqual([]);
      expect(tries).toEqual([stored!.id, stored!.id, stored!.id, stored!.id]);
      expect(quoteOf(stored!)).toBe(fold(quote));
      expect(await drawnQuotes(page)).toEqual([fold(quote)]);
      expect(await page.$('marginalia-toolbar')).toBeNull();
    } finally {
      tries = await dropped.stop();
    }
    expect(tries).toHaveLength(4);
    await page.close();
  });

  it('that never gets an answer is tried four times; then the toolbar says so and the highlight is taken back', async () => {
    // The database is broken too, so no try can have stored it behind the dropped answers.
    await freshDatabase();
    await databaseFromTheFuture();
    const url = `${suite.server().origin}/essay.html?never-answered`;
    const page = await suite.launched().browser.newPage();
    await page.goto(url);
    await waitForToolbarMessage(page, 'chromium', englishMessage('couldNotLoad', [TOO_NEW]));
    const dropped = await dropSaveAnswers(1e9);
    let tries: string[];
    try {
      const quote = await highlight(page, 6);
      await waitForToolbarMessage(page, 'chromium', englishMessage('couldNotSave', [englishMessage('noAnswer')]));
      await waitForNothingDrawn(page);
      expect(await drawnQuotes(page)).not.toContain(fold(quote));
    } finally {
      tries = await dropped.stop();
    }
    expect(tries).toHaveLength(4);
    expect(new Set(tries).size).toBe(1);
    await page.close();
  });
});
