/**
 * Issue 7, "quota exceeded on write", in Chromium on the built dist/chrome, with a disk that
 * really fills up: Chromium's profile lives on a small tmpfs of its own, and the test fills
 * it with a file beside the profile (tests/support/small-disk.ts). Marginalia has no
 * test-only switch and does not know.
 *
 * Why a disk and not a quota: Marginalia asks for "unlimitedStorage", and Chromium exempts
 * such an extension from quota altogether. Storage.overrideQuotaForOrigin on its
 * chrome-extension:// origin (from the service worker's CDP session; the browser target's
 * answers "Internal error") changes what navigator.storage.estimate() reports, but every
 * write still succeeds; the same extension without "unlimitedStorage" gets
 * QuotaExceededError. For Marginalia in Chromium, "out of space" is a full disk.
 *
 * What a full disk does in Chromium 156: LevelDB's write fails, the transaction aborts with
 * an UnknownError naming FILE_ERROR_NO_SPACE, and Chromium closes the database: it cannot be
 * opened again (nor read) until there is space. Nothing stored is harmed.
 */
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { toBackup } from '../../src/shared/backup';
import type { Name, Req } from '../../src/shared/messages';
import type { Annotation } from '../../src/shared/types';
import { ask as askBackground, storedFor as storedIn, waitForStored as waitUntilStored } from '../support/background';
import { englishMessage } from '../support/english';
import { listedQuotes, openPopup } from '../support/popup';
import { clickHighlight, drawnQuotes, fold, selectUntilToolbar, waitForDrawn, waitForToolbar } from '../support/reader';
import { noteRetry } from '../support/retries';
import { waitForNothingDrawn } from '../support/scenarios';
import { canMountSmallDisk, launchChromiumOnSmallDisk, type SmallDisk } from '../support/small-disk';
import { type Suite, useBrowser } from '../support/suite';
import { waitForToolbarMessage } from '../support/toolbar';

let disk: SmallDisk;
let suite: Suite;

// Skipped only when asked (MARGINALIA_SKIP_QUOTA, scripts/explicit-skips.mjs); the run then
// says so in its last lines. A machine that cannot mount a small disk otherwise fails here.
const skip = !!process.env.MARGINALIA_SKIP_QUOTA;

const OUT_OF_SPACE = englishMessage('outOfSpace');

/** Fills the disk, and checks it is full. */
async function fillTheDisk(): Promise<void> {
  await disk.fill();
  expect(await disk.freeBytes()).toBe(0);
}

const ask = <N extends Name>(name: N, req: Req<N>) => askBackground(suite.launched(), name, req);
const storedFor = (url: string) => storedIn(suite.launched(), url);

const waitForStored = (url: string, count: number) => waitUntilStored(suite.launched(), url, count);

/** The reader highlights a passage of the essay with the toolbar; returns the quote. */
async function highlight(page: Page, paragraph: number): Promise<string> {
  const quote = await selectUntilToolbar(page, `article p:nth-of-type(${paragraph})`, 8);
  await clickHighlight(page, 'chromium');
  return quote;
}

/**
 * On /app/long.html, selects paragraphs `first` to `last` as a reader does: a click at the
 * start, then a Shift+click at the end. Sixty of them are some 7 kB, more than a tmpfs page,
 * so the write cannot slip into the slack at the end of a file the disk already holds.
 * Returns the passage without white space (a drawn range's text has none between paragraphs).
 */
async function selectParagraphs(page: Page, first: number, last: number): Promise<string> {
  const pointIn = (n: number, atEnd: boolean) =>
    page.evaluate(
      (n, atEnd) => {
        const p = document.querySelector(`#book p:nth-of-type(${n})`)!;
        p.scrollIntoView({ block: 'center' });
        const text = p.firstChild as Text;
        const range = document.createRange();
        const i = atEnd ? text.length - 1 : 0;
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        const rect = range.getClientRects()[0]!;
        return { x: atEnd ? rect.right - 1 : rect.left + 1, y: rect.top + rect.height / 2 };
      },
      n,
      atEnd,
    );
  // The content script starts at document_idle: a reader who sees no toolbar selects again.
  for (let attempt = 1; ; attempt++) {
    const start = await pointIn(first, false);
    await page.mouse.click(start.x, start.y);
    const end = await pointIn(last, true);
    await page.keyboard.down('Shift');
    await page.mouse.click(end.x, end.y);
    await page.keyboard.up('Shift');
    try {
      await waitForToolbar(page, attempt < 3 ? 2_000 : 10_000);
      break;
    } catch (error) {
      if (attempt >= 3) throw error;
      noteRetry(`select paragraphs ${first}-${last} again: no toolbar`, attempt, error);
    }
  }
  const selected = await page.evaluate(() => document.getSelection()?.toString() ?? '');
  expect(selected.startsWith(`Paragraph ${first} of`)).toBe(true);
  expect(selected.trimEnd().endsWith('wants all of it.')).toBe(true);
  return selected.replace(/\s+/g, '');
}

/** Waits until a range of ours holds exactly `passage` (compared without white space). */
async function waitForDrawnPassage(page: Page, passage: string): Promise<void> {
  await page.waitForFunction(
    (wanted) =>
      [...CSS.highlights]
        .filter(([name]) => name.startsWith('marginalia'))
        .some(([, h]) => [...h].some((r) => r instanceof Range && r.toString().replace(/\s+/g, '') === wanted)),
    { timeout: 10_000, polling: 100 },
    passage,
  );
}

const listedInPopup = (url: string, count: number) => listedQuotes(suite.launched(), url, count);

describe.skipIf(skip)('Chromium: the disk is full', () => {
  suite = useBrowser(async () => {
    const mountable = canMountSmallDisk();
    if (!mountable.ok) {
      throw new Error(
        `this machine cannot mount a small disk (${mountable.why}): give the tests mount namespaces, or set MARGINALIA_SKIP_QUOTA=1 to skip the full-disk checks`,
      );
    }
    const small = await launchChromiumOnSmallDisk('64m');
    disk = small.disk;
    return small.launched;
  });
  const essay = () => `${suite.server().origin}/essay.html?disk-full`;
  const book = () => `${suite.server().origin}/app/long.html?disk-full`;

  it('a new highlight is not saved: the toolbar says Marginalia ran out of space and takes it back; what was saved before is kept, and comes back once there is space', async () => {
    const page = await suite.launched().browser.newPage();
    await page.goto(essay());
    const kept = [await highlight(page, 2), await highlight(page, 3)].map(fold);
    for (const quote of kept) await waitForDrawn(page, quote);
    const before = await waitForStored(essay(), 2);

    await fillTheDisk();
    const reading = await suite.launched().browser.newPage();
    await reading.goto(book());
    const passage = await selectParagraphs(reading, 1, 60);
    await clickHighlight(reading, 'chromium');
    await waitForToolbarMessage(reading, 'chromium', englishMessage('couldNotSave', [OUT_OF_SPACE]));
    await waitForNothingDrawn(reading);
    // The essay's open page still shows what it had.
    expect(await drawnQuotes(page)).toEqual(kept);

    // Still full, and what was saved is read back: the page draws it again, the popup lists it.
    await page.bringToFront();
    await page.reload();
    for (const quote of kept) await waitForDrawn(page, quote);
    expect(await drawnQuotes(page)).toEqual(kept);
    expect(await listedInPopup(essay(), 2)).toEqual(kept);
    expect(await disk.freeBytes()).toBe(0);

    // Space again: everything saved before is there, field for field; nothing of the failed one.
    await disk.free();
    expect(await storedFor(essay())).toEqual(before);
    expect(await storedFor(book())).toEqual([]);

    // And saving works again: the same passage, highlighted again, is drawn and stored.
    await reading.reload();
    expect(await selectParagraphs(reading, 1, 60)).toBe(passage);
    await clickHighlight(reading, 'chromium');
    await waitForDrawnPassage(reading, passage);
    const [saved, ...more] = await waitForStored(book(), 1);
    expect(more).toEqual([]);
    const exact = saved!.target.selector.find((s) => s.type === 'TextQuoteSelector')!.exact;
    expect(exact.replace(/\s+/g, '')).toBe(passage);
    await reading.reload();
    await waitForDrawnPassage(reading, passage);
    await reading.close();
    await page.close();
  });

  it('a backup that does not fit is not imported at all, and the popup says Marginalia ran out of space; with space, the same file imports whole', async () => {
    const url = `${suite.server().origin}/library/disk-full-import`;
    const annotations: Annotation[] = Array.from({ length: 200 }, (_, i) => ({
      id: `d15cf011-0000-4000-8000-${String(i).padStart(12, '0')}`,
      url,
      target: {
        selector: [
          {
            type: 'TextQuoteSelector',
            exact: `Passage ${i} of a backup too large for a full disk`,
            prefix: '',
            suffix: '',
          },
        ],
      },
      color: 'green',
      note: `Note ${i}: ${'kept in the backup, not yet in Marginalia. '.repeat(4)}`,
      tags: ['backup'],
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    }));
    const file = path.join(tmpdir(), `marginalia-disk-full-${process.pid}.json`);
    const backup = toBackup(
      [{ url, title: 'Restored', updatedAt: '2026-01-01T00:00:00.000Z' }],
      annotations,
      '2026-01-02T00:00:00.000Z',
    );
    await writeFile(file, JSON.stringify(backup));
    const everythingBefore = await ask('library/everything', {});

    const library = await openPopup(suite.launched(), undefined, 'library');
    await library.waitForSelector('.pages .page-row');
    await fillTheDisk();
    const importBackup = async () => {
      const [chooser] = await Promise.all([
        library.waitForFileChooser(),
        library.locator('::-p-aria([name="Import backup…"][role="button"])').click(),
      ]);
      await chooser.accept([file]);
    };
    await importBackup();
    await library.waitForFunction(
      (said) => document.querySelector('.live')?.textContent === said,
      { timeout: 15_000 },
      englishMessage('notImported', [OUT_OF_SPACE]),
    );

    await disk.free();
    const everythingAfter = await ask('library/everything', {});
    expect(everythingAfter.annotations).toEqual(everythingBefore.annotations);
    expect(await storedFor(url)).toEqual([]);

    await importBackup();
    await library.waitForFunction(
      (said) => document.querySelector('.live')?.textContent === said,
      { timeout: 15_000 },
      englishMessage('importReport', [path.basename(file), '200', '0', '0', '0']),
    );
    expect(await storedFor(url)).toHaveLength(200);
    await library.close();
  });
});
