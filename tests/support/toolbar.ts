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

/** The colour a quote is drawn in: the name of the CSS highlight holding its range (not the note marker). */
export async function colorOf(page: Page, quote: string): Promise<string | undefined> {
  return page.evaluate((wanted) => {
    for (const [name, highlight] of CSS.highlights) {
      if (name === 'marginalia-note') continue;
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

/** What the toolbar should say: the exact text, or a pattern it must match whole. */
export type Said = string | RegExp;

/**
 * Waits until the toolbar's status line tells the reader `wanted`, and returns what it says.
 * Chromium finds the line by its role through the accessibility tree, which reaches into
 * our closed shadow root. In Firefox, WebDriver BiDi serializes closed shadow roots when
 * asked (`includeShadowTree: "all"`), which puppeteer has no public call for: its BiDi realm
 * is used directly. On timeout, the error names what the toolbar said instead.
 */
export async function waitForToolbarMessage(
  page: Page,
  browser: 'chromium' | 'firefox',
  wanted: Said,
  timeout = 15_000,
): Promise<string> {
  await waitForToolbar(page, timeout);
  const pattern = typeof wanted === 'string' ? undefined : { source: wanted.source, flags: wanted.flags };
  const text = typeof wanted === 'string' ? wanted : '';
  if (browser === 'firefox') return firefoxToolbarMessage(page, text, pattern, timeout);
  const status = (await page.waitForSelector('::-p-aria([role="status"])', { timeout }))!;
  try {
    await page.waitForFunction(
      (el, text, pattern) => {
        const said = el.textContent ?? '';
        return pattern ? new RegExp(`^(?:${pattern.source})$`, pattern.flags).test(said) : said === text;
      },
      { timeout, polling: 100 },
      status,
      text,
      pattern,
    );
    return (await status.evaluate((el) => el.textContent)) ?? '';
  } catch (error) {
    const said = await status.evaluate((el) => el.textContent);
    throw new Error(`the toolbar said ${JSON.stringify(said)}, not ${String(wanted)}`, { cause: error });
  }
}

/** The part of puppeteer's WebDriver BiDi realm used here (internal to puppeteer). */
interface BidiRealm {
  callFunction(
    functionDeclaration: string,
    awaitPromise: boolean,
    options: Record<string, unknown>,
  ): Promise<{ type: string; result?: { value?: unknown }; exceptionDetails?: { text?: string } }>;
}

async function firefoxToolbarMessage(
  page: Page,
  text: string,
  pattern: { source: string; flags: string } | undefined,
  timeout: number,
): Promise<string> {
  const realm = (page.mainFrame() as unknown as { browsingContext?: { defaultRealm?: BidiRealm } }).browsingContext
    ?.defaultRealm;
  if (!realm) throw new Error('no WebDriver BiDi realm on this page (did puppeteer change?)');
  const host = await realm.callFunction('() => document.querySelector("marginalia-toolbar")', false, {
    serializationOptions: { includeShadowTree: 'all', maxDomDepth: 1 },
    resultOwnership: 'none',
  });
  const root = (host.result?.value as { shadowRoot?: { sharedId?: string } } | undefined)?.shadowRoot?.sharedId;
  if (!root) throw new Error('the toolbar has no shadow root we can see');
  // Waits in the page for the status line to change, rather than asking again and again.
  const waitInPage = (root: ShadowRoot, text: string, source: string | null, flags: string, timeout: number) =>
    new Promise<string>((resolve) => {
      const status = root.querySelector('[role="status"]')!;
      const matches = (said: string) =>
        source === null ? said === text : new RegExp(`^(?:${source})$`, flags).test(said);
      const done = (matched: boolean) => {
        observer.disconnect();
        clearTimeout(timer);
        resolve(JSON.stringify({ matched, said: status.textContent ?? '' }));
      };
      const observer = new MutationObserver(() => matches(status.textContent ?? '') && done(true));
      const timer = setTimeout(() => done(false), timeout);
      observer.observe(status, { childList: true, characterData: true, subtree: true });
      if (matches(status.textContent ?? '')) done(true);
    });
  const reply = await realm.callFunction(waitInPage.toString(), true, {
    arguments: [
      { sharedId: root },
      { type: 'string', value: text },
      pattern ? { type: 'string', value: pattern.source } : { type: 'null' },
      { type: 'string', value: pattern?.flags ?? '' },
      { type: 'number', value: timeout },
    ],
    resultOwnership: 'none',
  });
  if (reply.type !== 'success') throw new Error(`reading the toolbar failed: ${reply.exceptionDetails?.text}`);
  const fields = JSON.parse(String(reply.result?.value)) as { matched: boolean; said: string };
  if (!fields.matched) {
    throw new Error(
      `the toolbar said ${JSON.stringify(fields.said)}, not ${pattern ? `/${pattern.source}/` : JSON.stringify(text)}`,
    );
  }
  return fields.said;
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
