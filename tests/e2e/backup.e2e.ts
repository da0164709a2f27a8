/**
 * Export and backup end to end, in Chromium (the popup's buttons and downloads): export
 * everything, back up, then import the backup into a fresh profile and see every
 * highlight drawn again on its page. Firefox cannot be driven here: puppeteer cannot open
 * its moz-extension:// popup, and the harness page has its own database, not the
 * extension's; the backup's parsing and merging are unit- and property-tested.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FixtureServer, startServer } from '../../scripts/fixture-server.mjs';
import { parseBackup } from '../../src/shared/backup';
import { launchChromium } from '../support/browsers';
import { blockquotes, captureDownloads, waitForFile } from '../support/downloads';
import { openPopup } from '../support/popup';
import { clickHighlight, fold, selectUntilToolbar, waitForDrawn } from '../support/reader';
import { reloadUntilDrawn } from '../support/scenarios';
import { pressButton } from '../support/toolbar';

let server: FixtureServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server?.close();
});

const PAGES = [
  { path: '/essay.html?backup', passage: 'article p:nth-of-type(3)' },
  { path: '/pages/wikipedia.html?backup', passage: '#mw-content-text p' },
  { path: '/pages/rtl-1.html?backup', passage: 'article p' },
];

describe('Chromium: export everything, back up, and restore into a fresh profile', () => {
  it('every highlight, with its colour, is drawn again after importing the backup elsewhere; a second import changes nothing', async () => {
    const first = await launchChromium();
    const made: { url: string; quote: string }[] = [];
    for (const [i, { path: p, passage }] of PAGES.entries()) {
      const url = `${server.origin}${p}`;
      const page = await first.browser.newPage();
      await page.goto(url);
      const quote = await selectUntilToolbar(page, passage, 8);
      if (i === 0) await pressButton(page, 'chromium', 'select', 'Pink');
      else await clickHighlight(page, 'chromium');
      await reloadUntilDrawn(page, quote);
      made.push({ url, quote });
      await page.close();
    }

    const library = await openPopup(first, undefined, 'library');
    await library.waitForSelector('.pages .page-row');
    const dir = await captureDownloads(library);
    await library.locator('::-p-aria([name="Export all"][role="button"])').click();
    await library.locator('::-p-aria([name="Back up (JSON)"][role="button"])').click();
    const day = new Date().toISOString().slice(0, 10);
    const markdown = await waitForFile(dir, (await waitForName(dir, /\.md$/)) ?? `marginalia-${day}.md`);
    for (const { url, quote } of made) {
      expect(markdown).toContain(url);
      expect(blockquotes(markdown).map(fold)).toContain(fold(quote));
    }
    const backupName = await waitForName(dir, /\.json$/);
    const backupPath = path.join(dir, backupName!);
    const backup = parseBackup(await readFile(backupPath, 'utf8'));
    expect(backup.annotations).toHaveLength(PAGES.length);
    expect(backup.rejected).toEqual([]);
    expect(first.extensionRequests()).toEqual([]);
    await first.browser.close();

    // A fresh profile: nothing stored until the backup is imported.
    const second = await launchChromium();
    const popup = await openPopup(second, undefined, 'library');
    await popup.waitForSelector('::-p-aria(Import backup…)');
    const [chooser] = await Promise.all([
      popup.waitForFileChooser(),
      popup.locator('::-p-aria([name="Import backup…"][role="button"])').click(),
    ]);
    await chooser.accept([backupPath]);
    await popup.waitForFunction(
      (n) => document.querySelector('.live')?.textContent?.includes(`${n} added, 0 updated, 0 unchanged, 0 rejected`),
      {},
      PAGES.length,
    );

    // Importing the same file again changes nothing.
    const [again] = await Promise.all([
      popup.waitForFileChooser(),
      popup.locator('::-p-aria([name="Import backup…"][role="button"])').click(),
    ]);
    await again.accept([backupPath]);
    await popup.waitForFunction(
      (n) => document.querySelector('.live')?.textContent?.includes(`0 added, 0 updated, ${n} unchanged`),
      {},
      PAGES.length,
    );
    await popup.waitForFunction((n) => document.querySelectorAll('.pages .page-row').length === n, {}, PAGES.length);

    for (const [i, { url, quote }] of made.entries()) {
      const page = await second.browser.newPage();
      await page.goto(url);
      await waitForDrawn(page, quote);
      if (i === 0) await page.waitForFunction(() => (CSS.highlights.get('marginalia-pink')?.size ?? 0) === 1);
      await page.close();
    }
    expect(second.extensionRequests()).toEqual([]);
    await second.browser.close();
  });
});

/** The name of the first file in `dir` matching `pattern`, once one is fully written. */
async function waitForName(dir: string, pattern: RegExp, timeoutMs = 10_000): Promise<string | undefined> {
  const { readdir } = await import('node:fs/promises');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const name = (await readdir(dir)).find((f) => pattern.test(f) && !f.endsWith('.crdownload'));
    if (name) return name;
    if (Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
