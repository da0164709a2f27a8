import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import type { Page } from 'puppeteer-core';
import { expect } from 'vitest';
import { COLORS } from '../../src/shared/types';
import type { Launched } from './browsers';
import { clickHighlight, drawnQuotes, fold, selectUntilToolbar, waitForDrawn } from './reader';
import { reloadUntilDrawn, waitForNothingDrawn } from './scenarios';
import {
  clickQuote,
  colorOf,
  pointOnQuote,
  pressButton,
  waitForColor,
  waitForNoteEditor,
  waitForNotePreview,
} from './toolbar';

const capitalized = (s: string) => s[0]!.toUpperCase() + s.slice(1);
/** test-results/screenshots, or docs/screenshots (the README's) when UPDATE_SCREENSHOTS=1. */
const SCREENSHOTS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  process.env.UPDATE_SCREENSHOTS ? '../../docs/screenshots' : '../../test-results/screenshots',
);

async function open(launched: Launched, url: string): Promise<Page> {
  const page = await launched.browser.newPage();
  await page.goto(url);
  return page;
}

/** Each colour button draws in its own colour, kept after reload; Highlight then uses the last colour. */
export async function everyColour(launched: Launched, url: string): Promise<void> {
  const page = await open(launched, url);
  const quotes: string[] = [];
  for (const [i, color] of COLORS.entries()) {
    const quote = await selectUntilToolbar(page, `article p:nth-of-type(${i + 2})`, 8);
    await pressButton(page, launched.name, 'select', capitalized(color));
    await waitForColor(page, quote, `marginalia-${color}`);
    quotes.push(quote);
  }
  await reloadUntilDrawn(page, quotes[quotes.length - 1]!);
  for (const [i, color] of COLORS.entries()) await waitForColor(page, quotes[i]!, `marginalia-${color}`);

  // The last colour used was purple: the plain Highlight button now draws purple.
  const last = await selectUntilToolbar(page, 'article p:nth-of-type(9)', 8);
  await pressButton(page, launched.name, 'select', 'Highlight');
  await waitForColor(page, last, 'marginalia-purple');
  await page.close();
}

/**
 * Note: highlights and opens the editor at once; Ctrl+Enter saves. A note typed and left
 * by clicking elsewhere is saved too; Escape throws the typing away. Returns the quotes
 * so the Chromium test can check the popup.
 */
export async function notes(
  launched: Launched,
  url: string,
): Promise<{ page: Page; saved: string; blurred: string; cancelled: string }> {
  const page = await open(launched, url);
  const saved = await selectUntilToolbar(page, 'article p:nth-of-type(2)', 8);
  await pressButton(page, launched.name, 'select', 'Note');
  await waitForDrawn(page, saved);
  await waitForNoteEditor(page);
  await page.keyboard.type('A first thought');
  await page.keyboard.down('Shift');
  await page.keyboard.press('Enter');
  await page.keyboard.up('Shift');
  await page.keyboard.type('and a second line');
  await page.keyboard.down('Control');
  await page.keyboard.press('Enter');
  await page.keyboard.up('Control');
  await page.waitForSelector('marginalia-toolbar', { hidden: true });

  const blurred = await selectUntilToolbar(page, 'article p:nth-of-type(3)', 8);
  await pressButton(page, launched.name, 'select', 'Note');
  await waitForDrawn(page, blurred);
  await waitForNoteEditor(page);
  await page.keyboard.type('Typed, then the reader clicked elsewhere');
  await page.mouse.click(5, 5);
  await page.waitForSelector('marginalia-toolbar', { hidden: true });

  // Edit the first note's highlight: click it, Note, then Escape throws away what was typed.
  const cancelled = saved;
  await clickQuote(page, saved);
  await pressButton(page, launched.name, 'edit', 'Note');
  await waitForNoteEditor(page);
  await page.keyboard.type(' (never saved)');
  await page.keyboard.press('Escape');
  await page.waitForSelector('marginalia-toolbar', { hidden: true });
  return { page, saved, blurred, cancelled };
}

/**
 * The note of a drawn highlight, as the note editor shows it when the reader clicks the
 * highlight and Note (the editor reads it from the extension's database); Escape closes it.
 */
export async function storedNote(launched: Launched, page: Page, quote: string): Promise<string | undefined> {
  await clickQuote(page, quote);
  await pressButton(page, launched.name, 'edit', 'Note');
  const editor = await waitForNoteEditor(page);
  // (evaluate, not $eval: a handle held in the frame makes Chromium's next key event into it,
  // the Escape that removes it, never return.)
  const note = await editor.evaluate(() => document.querySelector('textarea')?.value);
  await page.keyboard.press('Escape');
  await page.waitForSelector('marginalia-toolbar', { hidden: true });
  return note;
}

/** What a page script learnt while it listened: see tests/fixtures/app/keylogger.html. */
interface Recorded {
  events: { type: string; key: string | null; data: string | null; path: string }[];
  roots: { html: string; values: string[] }[];
  frames: number;
}

/**
 * A page that records every key and text event on window and document in the capture phase
 * (ahead of every other listener), and keeps every shadow root it can by patching
 * attachShadow before we run: the reader writes a two-line note with the toolbar, saves it
 * with Ctrl+Enter, sees it again in the editor and in the hover preview. The note is stored,
 * and the page holds no character of it: not in the events, not in any shadow root it
 * caught, not in its DOM.
 */
export async function noteUnseenByPage(launched: Launched, url: string): Promise<{ page: Page; note: string }> {
  const page = await open(launched, url);
  const quote = await selectUntilToolbar(page, '#passage', 8);
  await pressButton(page, launched.name, 'select', 'Note');
  await waitForDrawn(page, quote);
  await waitForNoteEditor(page);
  // Letters that no key name the page might also see (Control, Enter, Shift) contains.
  const note = 'Qx7 jvZ\nKw9';
  await page.keyboard.type(note);
  await page.keyboard.down('Control');
  await page.keyboard.press('Enter');
  await page.keyboard.up('Control');
  await page.waitForSelector('marginalia-toolbar', { hidden: true });
  const recorded = () => page.evaluate(() => (window as unknown as { recorded(): Recorded }).recorded());
  // While the reader typed: no key or text event told the page any character of the note.
  const heard = (await recorded()).events.map((event) => `${event.key ?? ''}${event.data ?? ''}`).join('');
  const characters = [...new Set(note.replace(/\s/g, ''))];
  expect(characters.filter((character) => heard.includes(character))).toEqual([]);

  // Stored: the editor, opened again, reads it back from the extension's database.
  expect(await storedNote(launched, page, quote)).toBe(note);
  // Shown: the hover preview has its first line.
  const point = await pointOnQuote(page, quote);
  await page.mouse.move(point.x, point.y);
  expect(await waitForNotePreview(page)).toBe('Qx7 jvZ');

  // After all that: still nothing in the events, in any shadow root it caught, in its DOM;
  // and window.frames does not list our frames (they sit in a shadow tree), so the page
  // cannot even post to them or navigate them.
  const after = await recorded();
  expect(after.frames).toBe(0);
  const heardAfter = after.events.map((event) => `${event.key ?? ''}${event.data ?? ''}`).join('');
  expect(characters.filter((character) => heardAfter.includes(character))).toEqual([]);
  const lines = note.split('\n');
  for (const root of after.roots) {
    expect(lines.filter((line) => root.html.includes(line) || root.values.some((v) => v.includes(line)))).toEqual([]);
  }
  const html = await page.evaluate(() => document.documentElement.outerHTML);
  expect(lines.filter((line) => html.includes(line))).toEqual([]);
  return { page, note };
}

/** Clicking a highlight offers Delete; Undo brings it back with its colour; both kept after reload. */
export async function deleteAndUndo(launched: Launched, url: string): Promise<Page> {
  const page = await open(launched, url);
  const quote = await selectUntilToolbar(page, 'article p:nth-of-type(4)', 8);
  await pressButton(page, launched.name, 'select', 'Green');
  await waitForColor(page, quote, 'marginalia-green');
  await reloadUntilDrawn(page, quote);

  await clickQuote(page, quote);
  await pressButton(page, launched.name, 'edit', 'Delete');
  await waitForNothingDrawn(page);
  await pressButton(page, launched.name, 'undo', 'Undo');
  await waitForColor(page, quote, 'marginalia-green');
  await reloadUntilDrawn(page, quote);
  expect(await colorOf(page, quote)).toBe('marginalia-green');

  // Deleted for good this time: gone after reload too.
  await clickQuote(page, quote);
  await pressButton(page, launched.name, 'edit', 'Delete');
  await waitForNothingDrawn(page);
  await page.reload();
  await page.waitForSelector('article p');
  expect(await drawnQuotes(page)).toEqual([]);
  return page;
}

/** Keyboard only: select, Tab into the toolbar, Enter on Highlight. */
export async function keyboardOnly(launched: Launched, url: string): Promise<void> {
  const page = await open(launched, url);
  const quote = await selectUntilToolbar(page, 'article p:nth-of-type(5)', 8);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await waitForDrawn(page, quote);
  await page.close();
}

/**
 * A page script selects text and fakes the reader's mouse, keys and clicks: nothing is
 * highlighted. The reader's own highlight, made right after, is the only one drawn.
 */
export async function syntheticEventsDoNothing(launched: Launched, url: string): Promise<void> {
  const page = await open(launched, url);
  await page.evaluate(() => (window as unknown as { attack(): number }).attack());
  const honest = await selectUntilToolbar(page, '#honest', 8);
  // The page attacks again while our toolbar is showing: the toolbar still acts only on
  // what the reader selected, and only for the reader's real click.
  await page.evaluate(() => (window as unknown as { attack(): number }).attack());
  await clickHighlight(page, launched.name);
  await waitForDrawn(page, honest);
  await reloadUntilDrawn(page, honest);
  expect(await drawnQuotes(page)).toEqual([fold(honest)]);
  await page.close();
}

/** A page that resets every element, hides our host and sets huge fonts: the toolbar still works. */
export async function aggressiveCss(launched: Launched, url: string): Promise<void> {
  const page = await open(launched, url);
  const quote = await selectUntilToolbar(page, 'article p:nth-of-type(2)', 8);
  const box = await page.$eval('marginalia-toolbar', (host) => {
    const r = host.getBoundingClientRect();
    return { width: r.width, height: r.height, display: getComputedStyle(host).display };
  });
  // Our own size, whatever the page's fonts: one row of 28 px buttons and 4 px padding.
  expect(box.display).toBe('block');
  expect(box.height).toBe(36);
  expect(box.width).toBe(328);
  await screenshot(page, `${launched.name}-aggressive-css`);
  await clickHighlight(page, launched.name);
  await waitForDrawn(page, quote);
  await page.close();
}

/** Writes a screenshot with the toolbar open, for a person to look at (test-results/screenshots). */
export async function toolbarScreenshot(launched: Launched, url: string, passage: string, name: string): Promise<void> {
  const page = await open(launched, url);
  await selectUntilToolbar(page, passage, 10);
  await screenshot(page, `${launched.name}-${name}`);
  await page.close();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) as `${string}.png` });
}

/**
 * Two pages side by side in one picture, as the browser shows a page and its side panel
 * (a headless browser's screenshots do not include the side panel, so the two are joined).
 */
export async function screenshotBeside(page: Page, panel: Page, name: string): Promise<void> {
  const size = (p: Page) => p.evaluate(() => ({ width: innerWidth, height: innerHeight }));
  const [a, b] = [await size(page), await size(panel)];
  const [left, right] = [await page.screenshot({ encoding: 'base64' }), await panel.screenshot({ encoding: 'base64' })];
  const height = Math.min(a.height, b.height);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${a.width + 1 + b.width}" height="${height}">
    <image href="data:image/png;base64,${left}" x="0" y="0" width="${a.width}" height="${a.height}"/>
    <rect x="${a.width}" y="0" width="1" height="${height}" fill="#d1d9e0"/>
    <image href="data:image/png;base64,${right}" x="${a.width + 1}" y="0" width="${b.width}" height="${b.height}"/>
  </svg>`;
  await mkdir(SCREENSHOTS, { recursive: true });
  await writeFile(path.join(SCREENSHOTS, `${name}.png`), new Resvg(svg).render().asPng());
}

/**
 * Selections inside a rich-text editor or a form field are the page's business: no toolbar
 * there. Selecting ordinary text right after shows it (so its absence before was real).
 */
export async function editorsLeftAlone(launched: Launched, url: string): Promise<void> {
  const page = await open(launched, url);
  const { selectPhrase } = await import('./reader');
  await page.waitForSelector('#editor');
  const hosts = async () =>
    page.$$eval('marginalia-toolbar', (els) => els.filter((el) => el.getBoundingClientRect().height > 0).length);
  await selectPhrase(page, '#editor p', 'belongs to the page and its writer', 0);
  expect(await hosts()).toBe(0);
  const field = await page.$('#field');
  await field!.click({ count: 3 });
  expect(await hosts()).toBe(0);
  await selectPhrase(page, '#prose', 'ordinary reading text');
  expect(await hosts()).toBe(1);
  await page.close();
}
