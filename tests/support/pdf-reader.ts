/**
 * Driving Marginalia's PDF reader (pdf.html) as a person does, in Chromium and in Firefox:
 * wait for the PDF, drag the mouse across lines of its text layer, press the reader's
 * buttons, read what is drawn, open a highlight's note; and what the extension fetched.
 *
 * Where the two browsers differ, a function takes `browser` (Chromium unless told):
 * - Chromium: puppeteer follows the reader page (a chrome-extension:// page), so its own
 *   waits (`waitForSelector`, `waitForFunction`) and `::-p-aria` work there.
 * - Firefox: puppeteer may not open or follow moz-extension:// pages; a tab sent to the
 *   reader goes on reading as about:blank to it, and only `evaluate` and the mouse and
 *   keyboard (WebDriver BiDi) reach the document. So waits poll with `evaluate` (`until`),
 *   and buttons are found in the page and clicked with the mouse (`::-p-aria` does not reach
 *   into shadow roots there either).
 */
import type { Browser, Page } from 'puppeteer-core';
import { readerFile } from '../../src/shared/pdf-key';

/** The browser a reader page is driven in: see above for what that changes. */
export type ReaderBrowser = 'chromium' | 'firefox';

export type Truthy<T> = Exclude<T, undefined | null | false | '' | 0>;

/**
 * Polls `fn` in the page until it returns something truthy. In Firefox the page's document
 * is replaced under puppeteer (the redirect, a reload) without puppeteer following it, so a
 * poll that meets a document going away simply tries again.
 */
export async function until<T, A extends unknown[]>(
  page: Page,
  fn: (...args: A) => T | Promise<T>,
  args: A,
  what: string,
  timeout = 20_000,
): Promise<Truthy<Awaited<T>>> {
  const end = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await page.evaluate(fn as never, ...(args as unknown as never[]));
      if (value) return value as Truthy<Awaited<T>>;
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}${last ? ` (last error: ${last})` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Waits until the reader has drawn its first page's text layer and placed its notes;
 * returns the PDF's key (`urn:x-pdf:<fingerprint>`).
 */
export async function waitForReader(page: Page, browser: ReaderBrowser = 'chromium'): Promise<string> {
  if (browser === 'firefox')
    return until(
      page,
      () => {
        // A document about to be reloaded is marked (pdf-firefox.e2e.ts's reload): not that one.
        if ('marginaliaOld' in window) return '';
        const ready = document.querySelector('#viewerContainer[data-ready="true"]') as HTMLElement | null;
        return !!document.querySelector('.textLayer[data-marginalia="mapped"]') && (ready?.dataset.fingerprint ?? '');
      },
      [],
      'the reader to be ready',
    );
  await page.waitForSelector('#viewerContainer[data-ready="true"]', { timeout: 20_000 });
  await page.waitForSelector('.textLayer[data-marginalia="mapped"]', { timeout: 20_000 });
  return page.$eval('#viewerContainer', (el) => (el as HTMLElement).dataset.fingerprint ?? '');
}

/** Scrolls page `pageNumber` into view and waits until its text layer is mapped (Chromium). */
export async function showPage(page: Page, pageNumber: number): Promise<void> {
  await page.$eval(`.page[data-page-number="${pageNumber}"]`, (el) => el.scrollIntoView());
  await page.waitForSelector(`.page[data-page-number="${pageNumber}"] .textLayer[data-marginalia="mapped"]`, {
    timeout: 20_000,
  });
}

/**
 * Drags the mouse across `lines` consecutive lines of page `pageNumber`'s text layer, from
 * line `from`, and waits for the selection toolbar; returns the selection.
 */
export async function dragLines(
  page: Page,
  from: number,
  lines: number,
  pageNumber = 1,
  browser: ReaderBrowser = 'chromium',
): Promise<string> {
  const box = await page.evaluate(
    (from, lines, pageNumber) => {
      const spans = [
        ...document.querySelectorAll(`.page[data-page-number="${pageNumber}"] .textLayer span:not(.markedContent)`),
      ].filter((s) => (s.textContent ?? '').trim().length > 20);
      const first = spans[from]!.getBoundingClientRect();
      const last = spans[from + lines - 1]!.getBoundingClientRect();
      return {
        x1: first.left + 2,
        y1: first.top + first.height / 2,
        x2: last.right - 2,
        y2: last.top + last.height / 2,
      };
    },
    from,
    lines,
    pageNumber,
  );
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 5 });
  await page.mouse.move(box.x2, box.y2, { steps: 5 });
  await page.mouse.up();
  if (browser === 'firefox')
    await until(page, () => !!document.querySelector('.toolbar:not([hidden])'), [], 'the toolbar');
  else await page.waitForSelector('.toolbar:not([hidden])');
  return page.evaluate(() => getSelection()?.toString() ?? '');
}

/**
 * Clicks the reader's button named `name`. Chromium: by its accessible name and role
 * (`::-p-aria`). Firefox, where `::-p-aria` does not work over WebDriver BiDi: the visible
 * button whose aria-label (or else text) is `name`, clicked with the mouse where it is drawn.
 */
export async function press(page: Page, name: string, browser: ReaderBrowser = 'chromium'): Promise<void> {
  if (browser === 'chromium') return page.locator(`::-p-aria([name="${name}"][role="button"])`).click();
  const point = await until(
    page,
    (name) => {
      const button = [...document.querySelectorAll('button')].find(
        (b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name && b.offsetParent !== null,
      );
      const rect = button?.getBoundingClientRect();
      return rect && { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
    },
    [name],
    `a button named ${name}`,
  );
  await page.mouse.click(point.x, point.y);
}

/** White space out: the text layer's line breaks are <br>s, which a Range's text leaves out. */
export const squash = (text: string) => text.replace(/\s+/g, '');

/** The passages drawn on the page, by colour (only the colours drawn). */
export function drawn(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const out: Record<string, string[]> = {};
    for (const color of ['yellow', 'green', 'blue', 'pink', 'purple']) {
      const highlight = CSS.highlights.get(`marginalia-${color}`);
      const texts = [...(highlight ?? [])].map((r) => (r as Range).toString()).filter((t) => t.length > 0);
      if (texts.length) out[color] = texts;
    }
    return out;
  });
}

/** The passages drawn in `color`. */
export const drawnIn = async (page: Page, color: string): Promise<string[]> => (await drawn(page))[color] ?? [];

/** Waits until `quote` (white space aside) is drawn in any of the reader's highlights. */
export async function waitForDrawn(page: Page, quote: string, browser: ReaderBrowser = 'chromium'): Promise<void> {
  const isDrawn = (quote: string) => {
    const squash = (t: string) => t.replace(/\s+/g, '');
    for (const [, highlight] of CSS.highlights) {
      for (const range of highlight as unknown as Set<Range>)
        if (squash(range.toString()) === squash(quote)) return true;
    }
    return false;
  };
  if (browser === 'firefox') await until(page, isDrawn, [quote], `“${quote.slice(0, 40)}…” to be drawn`);
  else await page.waitForFunction(isDrawn, { timeout: 15_000 }, quote);
}

/**
 * Waits until `quote` is drawn (a `marginalia-<colour>` highlight, `flash` too when asked)
 * on page `pageNumber`, wholly inside the reader's visible area; returns the highlights
 * it is drawn in (Chromium).
 */
export async function waitForPassageInView(
  page: Page,
  quote: string,
  pageNumber: number,
  { flash = false, timeout = 15_000 } = {},
): Promise<string[]> {
  const handle = await page.waitForFunction(
    (wanted, pageNumber, flash) => {
      const squash = (t: string) => t.replace(/\s+/g, '');
      const view = document.getElementById('viewerContainer')!.getBoundingClientRect();
      const names: string[] = [];
      for (const [name, highlight] of CSS.highlights) {
        if (!name.startsWith('marginalia-')) continue;
        for (const range of highlight as unknown as Set<Range>) {
          if (squash(range.toString()) !== squash(wanted)) continue;
          const pageOf = (range.startContainer.parentElement as Element | null)?.closest('.page');
          if (pageOf?.getAttribute('data-page-number') !== String(pageNumber)) continue;
          const box = range.getBoundingClientRect();
          if (box.height > 0 && box.top >= view.top && box.bottom <= view.bottom) names.push(name);
        }
      }
      const drawn = names.some((n) => n !== 'marginalia-flash');
      return drawn && (!flash || names.includes('marginalia-flash')) ? names : false;
    },
    { timeout },
    quote,
    pageNumber,
    flash,
  );
  return (await handle.jsonValue()) as string[];
}

/** The reader page's scroll position in the document. */
export const readerScroll = (page: Page) => page.$eval('#viewerContainer', (el) => el.scrollTop);

/** Clicks the first drawn highlight and opens its note editor: the note field (Chromium). */
export async function openNote(page: Page): Promise<void> {
  const point = await page.evaluate(() => {
    const range = [...(CSS.highlights.get('marginalia-yellow') as unknown as Set<Range>)][0]!;
    const rect = range.getClientRects()[0]!;
    return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
  });
  await page.mouse.click(point.x, point.y);
  await press(page, 'Note');
  await page.waitForSelector('.toolbar textarea');
}

/**
 * A freshly installed extension sets its PDF redirect rules as its background starts; a
 * reader who opens a PDF in that first moment gets the browser's viewer. Waits until
 * Chromium's service worker has `count` dynamic rules (the address rule and the
 * Content-Type rule). Firefox has no service worker to ask: pdf-firefox.e2e.ts tries
 * addresses until one is sent to the reader.
 */
export async function waitForRedirectRules(browser: Browser, count = 2): Promise<void> {
  const worker = await (await browser.waitForTarget((target) => target.type() === 'service_worker')).worker();
  const end = Date.now() + 20_000;
  for (;;) {
    const rules = await worker?.evaluate(async () => {
      const api = (
        globalThis as unknown as { chrome: { declarativeNetRequest: { getDynamicRules(): Promise<unknown[]> } } }
      ).chrome;
      return (await api.declarativeNetRequest.getDynamicRules()).length;
    });
    if (rules === count) return;
    if (Date.now() > end) throw new Error(`The PDF redirect rules were never installed (${rules} of ${count})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * What the extension fetched that is not a reader page fetching the PDF it was opened on
 * (`<reader page>: <request>` as Launched.extensionRequests records them): must be nothing.
 */
export function otherThanReadersOwnPdf(requests: string[], extensionOrigin: string): string[] {
  return requests.filter((entry) => {
    const at = entry.indexOf(': ');
    const pageUrl = entry.slice(0, at);
    // A request's address as recorded keeps the fragment (`#page=N`); the server never sees it.
    const fetched = entry.slice(at + 2).replace(/#.*$/s, '');
    if (!pageUrl.startsWith(`${extensionOrigin}pdf.html?`)) return true;
    const file = readerFile(new URL(pageUrl).search)?.replace(/#.*$/s, '');
    return file !== fetched;
  });
}
