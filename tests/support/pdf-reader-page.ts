/**
 * Driving Marginalia's PDF reader (pdf.html) as a person does: wait for the PDF, drag the
 * mouse across lines of its text layer, read what is drawn, open a highlight's note.
 */
import type { Browser, Page } from 'puppeteer-core';

/** The PDF is shown with its notes placed; returns its key (`urn:x-pdf:<fingerprint>`). */
export async function waitForReady(page: Page): Promise<string> {
  await page.waitForSelector('#viewerContainer[data-ready="true"]', { timeout: 20_000 });
  await page.waitForSelector('.textLayer[data-marginalia="mapped"]', { timeout: 20_000 });
  return page.$eval('#viewerContainer', (el) => (el as HTMLElement).dataset.fingerprint ?? '');
}

/** Drags the mouse across `lines` consecutive lines of page 1's text layer, from line `from`. */
export async function dragLines(page: Page, from: number, lines: number): Promise<string> {
  const box = await page.evaluate(
    (from, lines) => {
      const spans = [
        ...document.querySelectorAll('.page[data-page-number="1"] .textLayer span:not(.markedContent)'),
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
  );
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move((box.x1 + box.x2) / 2, (box.y1 + box.y2) / 2, { steps: 5 });
  await page.mouse.move(box.x2, box.y2, { steps: 5 });
  await page.mouse.up();
  await page.waitForSelector('.toolbar:not([hidden])');
  return page.evaluate(() => getSelection()?.toString() ?? '');
}

/** White space out: the text layer's line breaks are <br>s, which a Range's text leaves out. */
export const squash = (text: string) => text.replace(/\s+/g, '');

/** The passages drawn in `color`. */
export function drawnIn(page: Page, color: string): Promise<string[]> {
  return page.evaluate((color) => {
    const highlight = CSS.highlights.get(`marginalia-${color}`);
    return [...((highlight ?? []) as Iterable<Range>)].map((r) => r.toString()).filter((t) => t.length > 0);
  }, color);
}

export async function waitForDrawn(page: Page, quote: string): Promise<void> {
  await page.waitForFunction(
    (quote) => {
      const squash = (t: string) => t.replace(/\s+/g, '');
      for (const [, highlight] of CSS.highlights) {
        for (const range of highlight as unknown as Set<Range>)
          if (squash(range.toString()) === squash(quote)) return true;
      }
      return false;
    },
    { timeout: 15_000 },
    quote,
  );
}

export const press = (page: Page, name: string) => page.locator(`::-p-aria([name="${name}"][role="button"])`).click();

/** Clicks the first drawn highlight and opens its note editor: the note field. */
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

/** Waits until the extension's dynamic rules (the PDF redirects) number `count`. */
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
