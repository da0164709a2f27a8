import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer-core';

/** Sends the page's downloads to a fresh folder (Chromium, through CDP). */
export async function captureDownloads(page: Page): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'marginalia-downloads-'));
  const cdp = await page.createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: dir });
  return dir;
}

/** Waits (polling the folder) until `name` has been fully written, and returns its text. */
export async function waitForFile(dir: string, name: string, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const files = await readdir(dir);
    if (files.includes(name)) return readFile(path.join(dir, name), 'utf8');
    if (Date.now() > deadline)
      throw new Error(`${name} was not downloaded; the folder holds: ${files.join(', ') || 'nothing'}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Undoes what CommonMark undoes when it renders text: a backslash before ASCII punctuation,
 * and numeric character references (the export writes leading spaces and bidi controls so).
 */
function unescapeMarkdown(text: string): string {
  return text.replace(
    /\\([!-/:-@[-`{-~])|&#[xX]([0-9A-Fa-f]{1,6});|&#([0-9]{1,7});/g,
    (_match, escaped: string | undefined, hex: string | undefined, decimal: string | undefined) =>
      escaped ?? String.fromCodePoint(hex ? parseInt(hex, 16) : Number(decimal)),
  );
}

/**
 * The text of every blockquote in a Markdown file, as a reader sees it rendered: the '> '
 * prefixes taken off, escapes undone, and its paragraphs one line each (as the page text has them).
 */
export function blockquotes(markdown: string): string[] {
  const quotes: string[] = [];
  let current: string[] | undefined;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('>')) {
      current ??= [];
      if (line.trim() !== '>') current.push(unescapeMarkdown(line.replace(/^> ?/, '')));
    } else if (current) {
      quotes.push(current.join('\n'));
      current = undefined;
    }
  }
  if (current) quotes.push(current.join('\n'));
  return quotes;
}
