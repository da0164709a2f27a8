/**
 * Driving Marginalia's PDF reader (pdf.html) in Chromium: waiting for it, selecting lines
 * of a page's text layer with the mouse, and what a reader sees of a passage.
 */
import type { Page } from 'puppeteer-core';
import { readerFile } from '../../src/shared/pdf-key';

/** Waits until the reader has placed its notes on a rendered page; returns the PDF's key. */
export async function waitForReader(page: Page): Promise<string> {
  await page.waitForSelector('#viewerContainer[data-ready="true"]', { timeout: 20_000 });
  await page.waitForSelector('.textLayer[data-marginalia="mapped"]', { timeout: 20_000 });
  return page.$eval('#viewerContainer', (el) => (el as HTMLElement).dataset.fingerprint ?? '');
}

/** Scrolls page `pageNumber` into view and waits until its text layer is mapped. */
export async function showPage(page: Page, pageNumber: number): Promise<void> {
  await page.$eval(`.page[data-page-number="${pageNumber}"]`, (el) => el.scrollIntoView());
  await page.waitForSelector(`.page[data-page-number="${pageNumber}"] .textLayer[data-marginalia="mapped"]`, {
    timeout: 20_000,
  });
}

/** Drags the mouse across `lines` lines of page `pageNumber`'s text layer, from line `from`; returns the selection. */
export async function dragLines(page: Page, from: number, lines: number, pageNumber = 1): Promise<string> {
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
  await page.waitForSelector('.toolbar:not([hidden])');
  return page.evaluate(() => getSelection()?.toString() ?? '');
}

/** White space aside: the text layer's line breaks are <br>s, which a Range's text leaves out. */
export const squash = (text: string) => text.replace(/\s+/g, '');

/**
 * Waits until `quote` is drawn (a `marginalia-<colour>` highlight, `flash` too when asked)
 * on page `pageNumber`, wholly inside the reader's visible area; returns the highlights
 * it is drawn in.
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
