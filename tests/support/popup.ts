import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';
import type { Annotation } from '../../src/shared/types';
import type { Launched } from './browsers';
import { fold } from './reader';

const require = createRequire(import.meta.url);

/** The popup as a page, for any URL (Chromium), as "Open in tab" shows it. */
export async function openPopup(launched: Launched, pageUrl?: string, view?: 'library'): Promise<Page> {
  const popup = await launched.browser.newPage();
  const query = view ? `?view=${view}` : `?url=${encodeURIComponent(pageUrl ?? '')}`;
  await popup.goto(`${launched.extensionOrigin}popup.html${query}`);
  return popup;
}

/**
 * Stores annotations through the extension's own message protocol, from one of its pages,
 * exactly as the popup saves an edit (this is how tests seed a library).
 */
export async function seed(extensionPage: Page, items: { annotation: Annotation; title: string }[]): Promise<void> {
  await extensionPage.evaluate(async (items) => {
    const api = (globalThis as unknown as { chrome: typeof import('webextension-polyfill') }).chrome;
    for (const { annotation, title } of items) {
      const reply = (await api.runtime.sendMessage({
        marginalia: 1,
        name: 'annotations/save',
        req: { annotation, title },
      })) as { ok: boolean };
      if (!reply.ok) throw new Error(JSON.stringify(reply));
    }
  }, items);
}

/** Runs axe-core in the page and returns its serious and critical violations. */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  const source = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
  // evaluate() is not subject to the extension page's CSP, a <script> tag would be.
  await page.evaluate(source);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: { run(): Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
      }
    ).axe;
    const result = await axe.run();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  return violations;
}

/** A small library with notes, tags, colours and accents, for search tests. */
export function sampleLibrary(origin: string): { annotation: Annotation; title: string }[] {
  const entries: [string, string, string, Annotation['color'], string[]][] = [
    [
      'Lighthouse keepers',
      'Keepers wrote in their logbooks every evening.',
      'Compare with the résumé of the harbour master',
      'yellow',
      ['history'],
    ],
    ['Lighthouse keepers', 'The oil they burned was recorded to the pint.', '', 'green', ['history', 'numbers']],
    ['Bees deciding', 'Scouts dance to report what they found.', 'A committee of dancers!', 'blue', ['biology']],
    ['Bees deciding', 'Nobody leads the decision.', 'Emergent choice, like a café conversation', 'pink', []],
    [
      'Café culture in Vienna',
      'Newspapers hung on wooden holders by the window.',
      'Old habit worth keeping',
      'purple',
      ['history'],
    ],
  ];
  return entries.map(([title, quote, note, color, tags], i) => {
    const url = `${origin}/library/${title.toLowerCase().replace(/\W+/g, '-')}`;
    const date = new Date(Date.UTC(2026, 9, 1 + i)).toISOString();
    return {
      title,
      annotation: {
        id: `a1b2c3d4-0000-4000-8000-0000000000${String(i).padStart(2, '0')}`,
        url,
        target: {
          selector: [
            { type: 'TextQuoteSelector', exact: quote, prefix: '', suffix: '' },
            { type: 'TextPositionSelector', start: i * 100, end: i * 100 + quote.length },
          ],
        },
        color,
        note,
        tags,
        createdAt: date,
        updatedAt: date,
      },
    };
  });
}

/**
 * In a library showing sampleLibrary(): finds a note by two words, ignores accents and
 * case, marks the matched words, and filters by colour and by tag.
 */
export async function searchAndFilter(library: Page): Promise<void> {
  const results = async () => library.$$eval('.results .quote', (els) => els.map((e) => e.textContent ?? ''));
  const search = async (text: string) => {
    const box = await library.waitForSelector('::-p-aria([name="Search"][role="searchbox"])');
    await box!.click({ count: 3 });
    await library.keyboard.press('Backspace');
    await box!.type(text);
  };
  await search('keepers evening');
  await library.waitForFunction(() => document.querySelectorAll('.results li').length === 1);
  expect(await results()).toEqual(['Keepers wrote in their logbooks every evening.']);
  expect(await library.$$eval('.results mark', (els) => els.map((e) => e.textContent))).toEqual(
    expect.arrayContaining(['Keepers', 'evening']),
  );

  await search('RESUME');
  await library.waitForFunction(() => document.querySelector('.results mark')?.textContent === 'résumé');

  await search('cafe');
  await library.waitForFunction(() => document.querySelectorAll('.results li').length === 2);

  await search('');
  await library.select('select[aria-label="Colour filter"]', 'green');
  await library.waitForFunction(() => document.querySelectorAll('.results li').length === 1);
  expect(await results()).toEqual(['The oil they burned was recorded to the pint.']);

  await library.select('select[aria-label="Colour filter"]', '');
  await library.select('select[aria-label="Tag filter"]', 'history');
  await library.waitForFunction(() => document.querySelectorAll('.results li').length === 3);
}

/** The quotes the popup's page view lists for `url` (folded), once it lists `count` of them. */
export async function listedQuotes(launched: Launched, url: string, count: number): Promise<string[]> {
  const popup = await openPopup(launched, url);
  try {
    await popup.waitForFunction((n) => document.querySelectorAll('.highlights .quote').length === n, {}, count);
    return (await popup.$$eval('.highlights .quote', (els) => els.map((el) => el.textContent ?? ''))).map(fold);
  } finally {
    await popup.close();
  }
}
