/**
 * Sync through the reader's own CouchDB, end-to-end encrypted (issue 12), in two separate
 * Chromium profiles (two browsers, A and B) on the built dist/chrome, against a real
 * CouchDB-protocol server in this process (tests/support/couch-server.ts: express-pouchdb
 * behind HTTP basic auth). Both profiles are set up through Options → Sync by the field and
 * button names a reader uses; highlights and notes are made and read on the page.
 *
 * Firefox: not driven here. Sync is set up on the options page, and puppeteer cannot open
 * moz-extension:// pages in Firefox ESR 153 (tried: `browsingContext.navigate` answers
 * "unsupported operation: Navigation to moz-extension://…/options.html is not allowed in this
 * context"); a tab the extension opens itself is not exposed to the driver, and nothing
 * reaches its background. There is no other way in that leaves the shipped extension as it
 * is, so Firefox A + Chromium B is not tested; the engine is the same code in both browsers
 * (docs/sync.md).
 *
 * The permission prompt: Test connection and Turn on sync ask the browser for the server's
 * origin from the click. In Chromium the manifest's host_permissions (which the PDF reader
 * needs to fetch PDFs from any site) already give it at install (`permissions.contains` is
 * true: checked below), so the request answers true without a prompt. Where a reader has
 * withdrawn site access, headless Chromium could not answer the prompt; the helper would then
 * grant it on chrome://extensions, as a person can there ("Site access", "Add a site"),
 * through that page's own developerPrivate API. The extension is unchanged for the test.
 * That the prompt appears (Firefox, or site access withdrawn) is for a person to check.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startServer } from '../../scripts/fixture-server.mjs';
import type { Annotation } from '../../src/shared/types';
import { askFrom, waitForStoredFrom } from '../support/background';
import { type Launched, launchChromium } from '../support/browsers';
import { type CouchServer, startCouch } from '../support/couch-server';
import { accessibilityProblems, openPopup } from '../support/popup';
import { clickHighlight, drawnQuotes, fold, selectUntilToolbar, waitForDrawn } from '../support/reader';
import { waitForNothingDrawn } from '../support/scenarios';
import {
  fillSyncForm,
  grantOriginAsAPerson,
  openSyncOptions,
  pressSyncButton,
  screenshotOf,
  statusText,
  syncAnswer,
  waitForStatus,
} from '../support/sync-setup';
import { clickQuote, colorOf, pressButton, waitForColor, waitForNoteEditor } from '../support/toolbar';
import { workerControl } from '../support/worker-control';

const USER = 'reader';
const PASSWORD = 'correct horse battery staple';
const DATABASE = 'marginalia-e2e';
const PASSPHRASE = 'tide pools at dusk, 1987';

let fixtures: FixtureServer;
let couch: CouchServer;
let a: Launched;
let b: Launched;
/** Options → Sync, open in each profile all along (as a reader keeps a tab open). */
let optionsA: Page;
let optionsB: Page;
let workersA: Awaited<ReturnType<typeof workerControl>>;
/** Every quote, note, tag and page address the tests wrote: none may reach the server in plain text. */
const secrets = new Set<string>();

const setupWith = (changes: Partial<Record<'password' | 'passphrase', string>> = {}) => ({
  server: couch.url,
  database: DATABASE,
  username: USER,
  password: PASSWORD,
  passphrase: PASSPHRASE,
  ...changes,
});

const essay = (name: string) => `${fixtures.origin}/essay.html?${name}`;

async function openPage(launched: Launched, url: string): Promise<Page> {
  const page = await launched.browser.newPage();
  await page.goto(url);
  return page;
}

/** Waits for `check` to hold, asking again as soon as it answers (each check waits on its own condition). */
async function until(what: string, check: () => Promise<boolean>, timeout = 60_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) if (await check()) return;
  throw new Error(`timed out waiting until ${what}`);
}

/** The reader presses Sync now in `options` and waits for Synced. */
async function syncNow(options: Page): Promise<void> {
  await pressSyncButton(options, 'Sync now');
  await waitForStatus(options, /^Synced/, 60_000);
}

/** Sync now in each profile in turn until `check` holds (what one sent, the other fetches). */
async function syncUntil(what: string, check: () => Promise<boolean>, ...options: Page[]): Promise<void> {
  await until(what, async () => {
    for (const page of options) await syncNow(page);
    return check();
  });
}

/** Reloads `page` and tells whether `quote` is drawn there within a few seconds. */
async function drawnAfterReload(page: Page, quote: string): Promise<boolean> {
  await page.bringToFront();
  await page.reload();
  return waitForDrawn(page, quote, 4_000).then(
    () => true,
    () => false,
  );
}

/** Scrolls a drawn quote into the middle of the view, as a reader scrolls to it before clicking it. */
async function scrollToQuote(page: Page, quote: string): Promise<void> {
  await page.bringToFront();
  await page.evaluate((wanted) => {
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('marginalia')) continue;
      for (const range of highlight) {
        if (range instanceof Range && range.toString().replace(/\s+/g, ' ').trim() === wanted) {
          range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
          return;
        }
      }
    }
    throw new Error('quote not drawn');
  }, fold(quote));
}

/** Writes `note` for a drawn quote with the page's note editor (replacing what was there), Ctrl+Enter saves. */
async function writeNote(page: Page, quote: string, note: string): Promise<void> {
  await scrollToQuote(page, quote);
  await clickQuote(page, quote);
  await pressButton(page, 'chromium', 'edit', 'Note');
  await waitForNoteEditor(page);
  await page.keyboard.down('Control');
  await page.keyboard.press('a');
  await page.keyboard.up('Control');
  await page.keyboard.type(note);
  await page.keyboard.down('Control');
  await page.keyboard.press('Enter');
  await page.keyboard.up('Control');
  await page.waitForSelector('marginalia-toolbar', { hidden: true });
}

/** The stored annotation of `url` whose quote is `quote`, as the popup reads it. */
async function storedOf(options: Page, url: string, quote: string): Promise<Annotation | undefined> {
  const { annotations } = await askFrom(options, 'page/get', { url });
  return annotations.find(
    (x) => fold(x.target.selector.find((s) => s.type === 'TextQuoteSelector')?.exact ?? '') === fold(quote),
  );
}

/** How many documents the server holds in the database (what its operator can count). */
const serverCount = async () => (await couch.docs(DATABASE)).length;

/** The same, asked over HTTP as any CouchDB client would (cheap enough to ask while a sync runs). */
async function liveCount(): Promise<number> {
  const response = await fetch(`${couch.url}/${DATABASE}`, {
    headers: { authorization: `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}` },
  });
  return ((await response.json()) as { doc_count: number }).doc_count;
}

/** Waits until the server holds more than `count` documents: a push is under way. */
const untilServerHasMoreThan = (count: number) =>
  until('the push has begun', async () => (await liveCount()) > count, 60_000);

/** `count` annotations on one page, as a backup import brings them (a big first sync). */
function bulk(url: string, count: number, label: string): Annotation[] {
  const date = new Date().toISOString();
  return Array.from({ length: count }, (_, i) => ({
    id: `${label}-${String(i).padStart(6, '0')}`,
    url,
    target: {
      selector: [{ type: 'TextQuoteSelector' as const, exact: `${label} passage ${i}`, prefix: '', suffix: '' }],
    },
    color: 'yellow' as const,
    note: `${label} note ${i}`,
    tags: [],
    createdAt: date,
    updatedAt: date,
  }));
}

beforeAll(async () => {
  fixtures = await startServer();
  couch = await startCouch({ username: USER, password: PASSWORD });
  a = await launchChromium();
  b = await launchChromium();
  // Both profiles' workers are let run when they restart (puppeteer#9995); A's is stopped below.
  workersA = await workerControl(a, await a.browser.newPage());
  await workerControl(b, await b.browser.newPage());
}, 90_000);

// A test that failed while the server was down must not leave it down for the next ones.
afterEach(async () => {
  await couch?.start();
});

afterAll(async () => {
  await a?.browser.close();
  await b?.browser.close();
  await couch?.close();
  await fixtures?.close();
});

/** B reloaded draws nothing: the deleted highlight is gone there too. */
async function expectGoneAfterReload(page: Page): Promise<void> {
  await page.reload();
  await page.waitForSelector('article p');
  await waitForNothingDrawn(page);
  expect(await drawnQuotes(page)).toEqual([]);
}

describe('Chromium A and Chromium B syncing through the reader’s own CouchDB', () => {
  it('with sync off nothing is contacted: the popup shows no sync line, the form typed in sends nothing', async () => {
    optionsA = await openSyncOptions(a);
    expect(await statusText(optionsA)).toMatch(/Sync is off/);
    const popup = await openPopup(a, essay('off'));
    await popup.waitForSelector('::-p-aria([name="This page"][role="tab"])');
    expect(await popup.$('::-p-aria([name="Sync now"][role="button"])')).toBeNull();
    expect(await popup.$('.sync-line')).toBeNull();
    await popup.close();
    expect(await accessibilityProblems(optionsA)).toEqual([]);
    await fillSyncForm(optionsA, setupWith());
    expect(a.extensionRequests()).toEqual([]);
    expect(couch.url.startsWith('http://127.0.0.1:')).toBe(true);
  });

  it('the server’s origin is held from install: the PDF reader’s host access covers every http(s) site, and sync asks for it anyway', async () => {
    // The manifest's host_permissions (the PDF reader fetches PDFs from any site) give the
    // background the server's origin in Chromium; sync still asks from the reader's click,
    // which is what Firefox, where host access is the reader's to grant, needs.
    expect((await grantOriginAsAPerson(a, couch.url)).before).toBe(true);
    expect((await grantOriginAsAPerson(b, couch.url)).before).toBe(true);
  });

  it('a wrong password: Test connection says the server refused the user name or password (401)', async () => {
    await fillSyncForm(optionsA, setupWith({ password: 'not the password' }));
    await pressSyncButton(optionsA, 'Test connection');
    expect(await syncAnswer(optionsA)).toMatch(/password/i);
    expect(await optionsA.$('.sync [role="alert"] .error')).not.toBeNull();
    expect(await statusText(optionsA)).toMatch(/Sync is off/);
  });

  it('A: Test connection offers to create the missing database; Turn on sync; the popup says Synced', async () => {
    await fillSyncForm(optionsA, setupWith());
    await pressSyncButton(optionsA, 'Test connection');
    expect(await syncAnswer(optionsA)).toBeTruthy();
    await optionsA.waitForSelector('::-p-aria([name="Create database"][role="button"])');
    await pressSyncButton(optionsA, 'Create database');
    await syncAnswer(optionsA);
    expect(await optionsA.$('.sync [role="alert"] .error')).toBeNull();
    await pressSyncButton(optionsA, 'Turn on sync');
    await waitForStatus(optionsA, /^Synced/, 60_000);
    await optionsA.waitForSelector('::-p-aria([name="Turn off sync"][role="button"])');
    // The passphrase and the password are not kept in the page.
    expect(await optionsA.$('input[type="password"]')).toBeNull();
    // The click asked for the server's origin, and now holds it.
    expect(
      await optionsA.evaluate(
        (origin) =>
          (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome.permissions.contains({
            origins: [`${origin}/*`],
          }),
        couch.url,
      ),
    ).toBe(true);

    const popup = await openPopup(a, essay('on'));
    await popup.waitForFunction(() => /^Synced/.test(document.querySelector('.sync-line output')?.textContent ?? ''));
    await popup.waitForSelector('::-p-aria([name="Sync now"][role="button"])');
    expect(await accessibilityProblems(popup)).toEqual([]);
    await popup.setViewport({ width: 400, height: 600 });
    await screenshotOf(popup, '.sync-line', 'chromium-sync-popup');
    await popup.close();
    expect(await accessibilityProblems(optionsA)).toEqual([]);
    await screenshotOf(optionsA, 'fieldset.sync', 'chromium-sync-on');
  });

  it('B with the wrong passphrase is refused, and nothing is written to the server', async () => {
    optionsB = await openSyncOptions(b);
    const before = await couch.docs(DATABASE);
    expect(before.length).toBeGreaterThan(0);
    await fillSyncForm(optionsB, setupWith({ passphrase: 'tide pools at dawn, 1987' }));
    await pressSyncButton(optionsB, 'Test connection');
    expect(await syncAnswer(optionsB)).toMatch(/passphrase/i);
    await pressSyncButton(optionsB, 'Turn on sync');
    expect(await syncAnswer(optionsB)).toMatch(/passphrase/i);
    expect(await optionsB.$('.sync [role="alert"] .error')).not.toBeNull();
    await screenshotOf(optionsB, 'fieldset.sync', 'chromium-sync-wrong-passphrase');
    expect(await statusText(optionsB)).toMatch(/Sync is off/);
    expect(await couch.docs(DATABASE)).toEqual(before);
  });

  it('B joins with the same passphrase', async () => {
    await fillSyncForm(optionsB, setupWith());
    await pressSyncButton(optionsB, 'Turn on sync');
    await waitForStatus(optionsB, /^Synced/, 60_000);
  });

  let shared = '';
  const sharedUrl = () => essay('shared');

  it('a highlight with a note made in A is drawn on the page in B, with its note', async () => {
    const pageA = await openPage(a, sharedUrl());
    shared = await selectUntilToolbar(pageA, 'article p:nth-of-type(2)', 10);
    await pressButton(pageA, 'chromium', 'select', 'Note');
    await waitForDrawn(pageA, shared);
    await waitForNoteEditor(pageA);
    await pageA.keyboard.type('Noted in A: compare with the harbour logs');
    await pageA.keyboard.down('Control');
    await pageA.keyboard.press('Enter');
    await pageA.keyboard.up('Control');
    await pageA.waitForSelector('marginalia-toolbar', { hidden: true });
    secrets.add(fold(shared)).add('Noted in A: compare with the harbour logs').add(sharedUrl());

    const pageB = await openPage(b, sharedUrl());
    await syncUntil('B draws A’s highlight', () => drawnAfterReload(pageB, shared), optionsA, optionsB);
    expect(await drawnQuotes(pageB)).toEqual([fold(shared)]);
    expect((await storedOf(optionsB, sharedUrl(), shared))?.note).toBe('Noted in A: compare with the harbour logs');
    await pageA.close();
    await pageB.close();
  });

  it('the note edited in B reaches A', async () => {
    const pageB = await openPage(b, sharedUrl());
    await waitForDrawn(pageB, shared);
    await writeNote(pageB, shared, 'Rewritten in B after a second reading');
    secrets.add('Rewritten in B after a second reading');
    await until(
      'B stores its edit',
      async () => (await storedOf(optionsB, sharedUrl(), shared))?.note === 'Rewritten in B after a second reading',
      10_000,
    );
    await syncUntil(
      'A has B’s note',
      async () => (await storedOf(optionsA, sharedUrl(), shared))?.note === 'Rewritten in B after a second reading',
      optionsB,
      optionsA,
    );
    await pageB.close();
  });

  it('a highlight deleted in A disappears from the page in B', async () => {
    const pageA = await openPage(a, sharedUrl());
    await waitForDrawn(pageA, shared);
    await scrollToQuote(pageA, shared);
    await clickQuote(pageA, shared);
    await pressButton(pageA, 'chromium', 'edit', 'Delete');
    await waitForNothingDrawn(pageA);

    const pageB = await openPage(b, sharedUrl());
    await waitForDrawn(pageB, shared);
    await syncUntil(
      'B no longer has it',
      async () => (await askFrom(optionsB, 'page/get', { url: sharedUrl() })).annotations.length === 0,
      optionsA,
      optionsB,
    );
    await expectGoneAfterReload(pageB);
    await pageA.close();
    await pageB.close();
  });

  it('both offline, both edit the same highlight, reconnect: both end with the same result, the newer edit of each field wins, the losing note is kept', async () => {
    const url = essay('conflict');
    const pageA = await openPage(a, url);
    const quote = await selectUntilToolbar(pageA, 'article p:nth-of-type(3)', 10);
    await clickHighlight(pageA, 'chromium');
    await waitForDrawn(pageA, quote);
    secrets.add(fold(quote)).add(url);
    const pageB = await openPage(b, url);
    await syncUntil('B draws it', () => drawnAfterReload(pageB, quote), optionsA, optionsB);

    await couch.stop();
    await pressSyncButton(optionsA, 'Sync now');
    await waitForStatus(optionsA, /^Offline/, 60_000);
    const popup = await openPopup(a, url);
    await popup.waitForFunction(() => /^Offline/.test(document.querySelector('.sync-line output')?.textContent ?? ''));
    await popup.close();

    // In this order, each a little later than the one before: A's note, B's note, A's colour.
    await writeNote(pageA, quote, 'Offline thought in A');
    await until(
      'A stores its note',
      async () => (await storedOf(optionsA, url, quote))?.note === 'Offline thought in A',
      10_000,
    );
    await writeNote(pageB, quote, 'Offline thought in B, written later');
    await until(
      'B stores its note',
      async () => (await storedOf(optionsB, url, quote))?.note === 'Offline thought in B, written later',
      10_000,
    );
    await scrollToQuote(pageA, quote);
    await clickQuote(pageA, quote);
    await pressButton(pageA, 'chromium', 'edit', 'Green');
    await waitForColor(pageA, quote, 'marginalia-green');
    secrets.add('Offline thought in A').add('Offline thought in B, written later');

    await couch.start();
    const same = async () => {
      const [x, y] = [await storedOf(optionsA, url, quote), await storedOf(optionsB, url, quote)];
      return (
        !!x && !!y && x.note === y.note && x.color === y.color && JSON.stringify(x.tags) === JSON.stringify(y.tags)
      );
    };
    await syncUntil('A and B agree', same, optionsA, optionsB, optionsA);
    const result = (await storedOf(optionsA, url, quote))!;
    expect(result.color).toBe('green');
    // B's note is the newer one and wins; A's is not silently dropped (docs/sync.md says how it is kept).
    expect(result.note).toContain('Offline thought in B, written later');
    expect(result.note).toContain('Offline thought in A');
    expect(result.note.indexOf('Offline thought in B, written later')).toBeLessThan(
      result.note.indexOf('Conflicted copy'),
    );
    for (const page of [pageA, pageB]) {
      await page.reload();
      await waitForColor(page, quote, 'marginalia-green');
    }
    expect(await colorOf(pageB, quote)).toBe('marginalia-green');
    await pageA.close();
    await pageB.close();
  });

  /** A highlight made in A and drawn in B, with both pages open. */
  async function highlightInBoth(url: string, paragraph: number): Promise<{ pageA: Page; pageB: Page; quote: string }> {
    const pageA = await openPage(a, url);
    const quote = await selectUntilToolbar(pageA, `article p:nth-of-type(${paragraph})`, 10);
    await clickHighlight(pageA, 'chromium');
    await waitForDrawn(pageA, quote);
    secrets.add(fold(quote)).add(url);
    const pageB = await openPage(b, url);
    await syncUntil('B draws it', () => drawnAfterReload(pageB, quote), optionsA, optionsB);
    return { pageA, pageB, quote };
  }

  /** Deletes a drawn highlight with the toolbar, as a reader does. */
  async function deleteOnPage(page: Page, quote: string): Promise<void> {
    await scrollToQuote(page, quote);
    await clickQuote(page, quote);
    await pressButton(page, 'chromium', 'edit', 'Delete');
    await waitForNothingDrawn(page);
  }

  const countOn = async (options: Page, url: string) =>
    (await askFrom(options, 'page/get', { url })).annotations.length;

  it('offline, B edits the note and then A deletes the highlight: the delete wins on both', async () => {
    const url = essay('delete-after-edit');
    const { pageA, pageB, quote } = await highlightInBoth(url, 6);
    await couch.stop();
    await writeNote(pageB, quote, 'Edited in B before A deleted it');
    await until('B stores its note', async () => (await storedOf(optionsB, url, quote))?.note !== '', 10_000);
    await deleteOnPage(pageA, quote);
    await until('A has deleted it', async () => (await countOn(optionsA, url)) === 0, 10_000);
    secrets.add('Edited in B before A deleted it');

    await couch.start();
    await syncUntil(
      'both have it deleted',
      async () => (await countOn(optionsA, url)) === 0 && (await countOn(optionsB, url)) === 0,
      optionsA,
      optionsB,
      optionsA,
    );
    await expectGoneAfterReload(pageB);
    await pageA.close();
    await pageB.close();
  });

  it('offline, A deletes the highlight and then B edits its note: the later edit brings it back on both, with the note', async () => {
    const url = essay('edit-after-delete');
    const { pageA, pageB, quote } = await highlightInBoth(url, 7);
    await couch.stop();
    await deleteOnPage(pageA, quote);
    await until('A has deleted it', async () => (await countOn(optionsA, url)) === 0, 10_000);
    await writeNote(pageB, quote, 'Edited in B after A deleted it');
    await until(
      'B stores its note',
      async () => (await storedOf(optionsB, url, quote))?.note === 'Edited in B after A deleted it',
      10_000,
    );
    secrets.add('Edited in B after A deleted it');

    await couch.start();
    await syncUntil(
      'A has it back with B’s note',
      async () => (await storedOf(optionsA, url, quote))?.note === 'Edited in B after A deleted it',
      optionsB,
      optionsA,
    );
    expect((await storedOf(optionsB, url, quote))?.note).toBe('Edited in B after A deleted it');
    expect(await drawnAfterReload(pageA, quote)).toBe(true);
    await pageA.close();
    await pageB.close();
  });

  it('the server stopped in the middle of a sync and started again: nothing is lost, the sync resumes', async () => {
    const url = essay('server-stopped');
    const items = bulk(url, 1500, 'server-stop');
    const countBefore = await serverCount();
    // Every status line the reader is shown meanwhile, as it changes.
    await optionsA.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver(() => seen.push(document.querySelector('.sync-state')?.textContent ?? '')).observe(
        document.body,
        { subtree: true, childList: true, characterData: true },
      );
    });
    await askFrom(optionsA, 'library/import', {
      pages: [{ url, title: 'Bulk', updatedAt: items[0]!.updatedAt }],
      annotations: items,
    });
    await untilServerHasMoreThan(countBefore);
    await couch.stop();
    const atStop = await serverCount();
    // It really stopped half way: some of the 1,500 had reached the server, not all.
    expect(atStop).toBeGreaterThan(countBefore);
    expect(atStop).toBeLessThan(countBefore + items.length);
    await waitForStatus(optionsA, /^(Offline|Sync stopped)/, 60_000);
    // The progress was shown live, with how many were left.
    const seen = await optionsA.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.filter((text) => /^Syncing \([\d,]+ left\)…$/.test(text)).length).toBeGreaterThan(0);

    await couch.start();
    await syncNow(optionsA);
    expect(await serverCount()).toBeGreaterThanOrEqual(countBefore + items.length);
    expect((await askFrom(optionsA, 'page/get', { url })).annotations).toHaveLength(items.length);
    await syncNow(optionsB);
    await waitForStoredFrom(optionsB, url, items.length, { exactly: true, timeout: 60_000 });
    secrets.add('server-stop passage 7').add('server-stop note 7');
  }, 180_000);

  it('the service worker stopped in the middle of a sync: the sync resumes when it starts again', async () => {
    const url = essay('worker-stopped');
    const items = bulk(url, 1500, 'worker-stop');
    const workers = workersA;
    const countBefore = await serverCount();
    await askFrom(optionsA, 'library/import', {
      pages: [{ url, title: 'Bulk', updatedAt: items[0]!.updatedAt }],
      annotations: items,
    });
    await untilServerHasMoreThan(countBefore);
    const stopsBefore = workers.stops();
    await workers.stop();
    const atStop = await liveCount();
    expect(atStop).toBeLessThan(countBefore + items.length);
    // The reader opens the options page again: the worker starts, and finishes the sync by itself.
    await optionsA.reload();
    await until(
      'the server has every document',
      async () => (await serverCount()) >= countBefore + items.length,
      90_000,
    );
    await waitForStatus(optionsA, /^Synced/, 60_000);
    expect(workers.stops() - stopsBefore).toBeGreaterThanOrEqual(1);
    await syncNow(optionsB);
    await waitForStoredFrom(optionsB, url, items.length, { exactly: true, timeout: 60_000 });
  }, 180_000);

  it('tags, notes, quotes and addresses reach B, and the server holds none of them in plain text', async () => {
    const url = essay('secret-page');
    const annotation: Annotation = {
      id: 'c0ffee00-1234-4abc-8def-000000000001',
      url,
      target: {
        selector: [
          { type: 'TextQuoteSelector', exact: 'a quote only the reader may read', prefix: 'before ', suffix: ' after' },
        ],
      },
      color: 'purple',
      note: 'a note only the reader may read',
      tags: ['tag-only-the-reader-may-read'],
      createdAt: new Date().toISOString(),
      updatedAt: new Date().toISOString(),
    };
    await askFrom(optionsA, 'annotations/save', { annotation, title: 'A title only the reader may read' });
    await askFrom(optionsA, 'page/note', {
      url,
      note: 'a page note only the reader may read',
      title: 'A title only the reader may read',
    });
    await syncUntil(
      'B has the tagged annotation and the page note',
      async () => {
        const got = await askFrom(optionsB, 'page/get', { url });
        return (
          got.annotations[0]?.tags[0] === 'tag-only-the-reader-may-read' &&
          got.page?.note === 'a page note only the reader may read'
        );
      },
      optionsA,
      optionsB,
    );
    for (const text of [
      'a quote only the reader may read',
      'a note only the reader may read',
      'tag-only-the-reader-may-read',
      'A title only the reader may read',
      'a page note only the reader may read',
      url,
    ])
      secrets.add(text);

    const stored = JSON.stringify(await couch.docs(DATABASE));
    const found = [...secrets, fixtures.origin, 'essay.html'].filter((secret) => stored.includes(secret));
    expect(found).toEqual([]);
    // What was read is the server's raw store: the one plain document, the key check, is in it.
    expect(stored).toContain('PBKDF2');
    // The check read what was synced: every annotation of this file is on the server, as ciphertext.
    expect(await serverCount()).toBeGreaterThanOrEqual(3000 + 3);
  });

  it('with sync on, every request the extension made in A and in B went to the configured server', () => {
    for (const launched of [a, b]) {
      const requests = launched.extensionRequests();
      expect(requests.length).toBeGreaterThan(0);
      const elsewhere = requests.filter((line) => !line.match(/(https?:\/\/\S+)$/)?.[1]?.startsWith(`${couch.url}/`));
      expect(elsewhere).toEqual([]);
    }
  });

  it('Turn off sync: the status says off, nothing is deleted here or on the server', async () => {
    const count = await serverCount();
    const before = (await askFrom(optionsB, 'library/everything', {})).annotations.length;
    await pressSyncButton(optionsB, 'Turn off sync');
    await waitForStatus(optionsB, /Sync is off/);
    await optionsB.waitForSelector('::-p-aria([name="Turn on sync"][role="button"])');
    expect((await askFrom(optionsB, 'library/everything', {})).annotations).toHaveLength(before);
    expect(await serverCount()).toBe(count);
  });
});
