import type { Frame, Page } from 'puppeteer-core';
import { vi } from 'vitest';
import { waitForToolbar } from './reader';

type Row = 'select' | 'edit' | 'undo';

/**
 * Where each button sits in its row (x offset and width, px), from the toolbar's fixed
 * layout (src/content/toolbar-style.ts: 4 px padding and gaps, Highlight 92 px, colours
 * 28 px, text buttons 64 px). Firefox's WebDriver BiDi cannot see into our closed shadow
 * root, so there a real mouse click goes where the button is drawn.
 */
const LAYOUT: Record<Row, Record<string, [number, number]>> = {
  select: {
    Highlight: [0, 92],
    Yellow: [96, 28],
    Green: [128, 28],
    Blue: [160, 28],
    Pink: [192, 28],
    Purple: [224, 28],
    Note: [256, 64],
  },
  edit: {
    Yellow: [0, 28],
    Green: [32, 28],
    Blue: [64, 28],
    Pink: [96, 28],
    Purple: [128, 28],
    Note: [160, 64],
    Delete: [228, 64],
  },
  undo: { Undo: [0, 64] },
};

/**
 * Clicks a toolbar button the way a reader does. Chromium finds it by its accessible
 * name and role; Firefox clicks its place in `row`, counted from the top of the bar.
 */
export async function pressButton(
  page: Page,
  browser: 'chromium' | 'firefox',
  row: Row,
  name: string,
  rowIndex = 0,
): Promise<void> {
  await waitForToolbar(page);
  if (browser === 'chromium') {
    await page.locator(`::-p-aria([name="${name}"][role="button"])`).click();
    return;
  }
  const place = LAYOUT[row][name];
  if (!place) throw new Error(`no ${name} button in the ${row} row`);
  const box = await page.$eval('marginalia-toolbar', (host) => {
    const r = host.getBoundingClientRect();
    return { x: r.left, y: r.top };
  });
  await page.mouse.click(box.x + 4 + place[0] + place[1] / 2, box.y + 4 + rowIndex * 32 + 14);
}

/** The colour a quote is drawn in: the name of the CSS highlight holding its range. */
export async function colorOf(page: Page, quote: string): Promise<string | undefined> {
  return page.evaluate((wanted) => {
    for (const [name, highlight] of CSS.highlights) {
      for (const range of highlight) {
        if (range instanceof Range && range.toString().replace(/\s+/g, ' ').trim() === wanted) return name;
      }
    }
    return undefined;
  }, quote.replace(/\s+/g, ' ').trim());
}

/** Waits until `quote` is drawn in `name` (for example marginalia-green). */
export async function waitForColor(page: Page, quote: string, name: string): Promise<void> {
  await page.waitForFunction(
    (wanted, name) => {
      const highlight = CSS.highlights.get(name);
      if (!highlight) return false;
      for (const range of highlight) {
        if (range instanceof Range && range.toString().replace(/\s+/g, ' ').trim() === wanted) return true;
      }
      return false;
    },
    { timeout: 10_000, polling: 100 },
    quote.replace(/\s+/g, ' ').trim(),
    name,
  );
}

/** A point inside a drawn quote (near its start), where a reader clicks or hovers it. */
export async function pointOnQuote(page: Page, quote: string): Promise<{ x: number; y: number }> {
  return page.evaluate((wanted) => {
    for (const [name, highlight] of CSS.highlights) {
      if (!name.startsWith('marginalia')) continue;
      for (const range of highlight) {
        if (!(range instanceof Range) || range.toString().replace(/\s+/g, ' ').trim() !== wanted) continue;
        const rect = range.getClientRects()[0]!;
        return { x: rect.left + Math.min(20, rect.width / 2), y: rect.top + rect.height / 2 };
      }
    }
    throw new Error('quote not drawn');
  }, quote.replace(/\s+/g, ' ').trim());
}

/** Clicks the middle of a drawn quote, as a reader clicks a highlight. */
export async function clickQuote(page: Page, quote: string): Promise<void> {
  const point = await pointOnQuote(page, quote);
  await page.mouse.click(point.x, point.y);
}

/**
 * Finds one of our note frames (note.html) in which `ready` holds. The frames are extension
 * pages inside the toolbar's closed shadow root: no selector of the page reaches them, but
 * the browser lists them (Chromium over CDP, Firefox over WebDriver BiDi) and the test may
 * run code in them.
 */
async function waitForNoteFrame(page: Page, ready: () => boolean, what: string): Promise<Frame> {
  return vi.waitFor(
    async () => {
      for (const frame of page.frames()) {
        if (frame === page.mainFrame()) continue;
        const ours = await frame.evaluate(() => location.pathname.endsWith('/note.html')).catch(() => false);
        if (ours && (await frame.evaluate(ready).catch(() => false))) return frame;
      }
      throw new Error(
        `${what} has not appeared (frames: ${page
          .frames()
          .map((f) => f.url())
          .join(', ')})`,
      );
    },
    { timeout: 10_000, interval: 100 },
  );
}

/** The note editor, once its text box has the keyboard focus: what the reader types goes there. */
export function waitForNoteEditor(page: Page): Promise<Frame> {
  return waitForNoteFrame(
    page,
    () => {
      const box = document.activeElement;
      return document.hasFocus() && box instanceof HTMLTextAreaElement && !box.disabled;
    },
    'the note editor',
  );
}

/** The hover preview, once it shows a note's first line; returns that line. */
export async function waitForNotePreview(page: Page): Promise<string> {
  const frame = await waitForNoteFrame(
    page,
    () => !!document.querySelector('[role="tooltip"]:not([hidden])')?.textContent,
    'the note preview',
  );
  return frame.evaluate(() => document.querySelector('[role="tooltip"]')?.textContent ?? '');
}
