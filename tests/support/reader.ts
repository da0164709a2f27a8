import type { Page } from 'puppeteer-core';
import { noteRetry } from './retries';

/** What a reader would compare: text with runs of white space folded. */
export const fold = (text: string): string => text.replace(/\s+/g, ' ').trim();

interface Passage {
  start: { x: number; y: number };
  end: { x: number; y: number };
}

/** What to select: `words` words of running text, or exactly `phrase`. */
type Wanted = { words: number } | { phrase: string };

/**
 * Finds the passage in the first element matching `selector` (for `words`, the first with
 * enough of them, starting at a word not inside a link: a drag that starts on a link drags
 * the link), scrolls it into view and returns where a mouse drag must start and end.
 */
async function locatePassage(page: Page, selector: string, wanted: Wanted): Promise<Passage> {
  return page.evaluate(
    (selector, wanted) => {
      const words = 'words' in wanted ? wanted.words : 0;
      const longEnough = (t: string) => t.trim().split(/\s+/).length >= words + 4 || t.trim().length >= 60;
      const el =
        'phrase' in wanted
          ? document.querySelector(selector)
          : [...document.querySelectorAll(selector)].find(
              (e) => longEnough(e.textContent ?? '') && (e as HTMLElement).offsetParent !== null,
            );
      if (!el) throw new Error(`no element for ${selector} holding ${JSON.stringify(wanted)}`);
      el.scrollIntoView({ block: 'center' });
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      const chars: { node: Text; offset: number }[] = [];
      for (let n = walker.nextNode() as Text | null; n; n = walker.nextNode() as Text | null) {
        for (let i = 0; i < n.data.length; i++) chars.push({ node: n, offset: i });
      }
      const text = chars.map((c) => c.node.data[c.offset]).join('');

      let first: number;
      let last: number;
      if ('phrase' in wanted) {
        first = text.indexOf(wanted.phrase);
        if (first < 0) throw new Error(`"${wanted.phrase}" is not in ${selector}`);
        last = first + wanted.phrase.length - 1;
      } else {
        // Scripts without spaces between words (Chinese, Japanese) are selected by characters.
        const byChar = text.trim().split(/\s+/).length < words + 4;
        const isWordStart = (i: number) => /\S/.test(text[i]!) && (byChar ? i > 4 : i === 0 || /\s/.test(text[i - 1]!));
        first = -1;
        let seen = 0;
        for (let i = 0; i < text.length; i++) {
          if (!isWordStart(i)) continue;
          seen++;
          if (seen >= 2 && !chars[i]!.node.parentElement?.closest('a')) {
            first = i;
            break;
          }
        }
        if (first < 0) throw new Error('no word outside a link to start from');
        let count = 0;
        last = first;
        for (let i = first; i < text.length; i++) {
          if (/\S/.test(text[i]!)) last = i;
          if (isWordStart(i)) count++;
          if (count > words) break;
        }
        while (/\s/.test(text[last]!)) last--;
      }

      const rectOf = (i: number) => {
        const r = document.createRange();
        r.setStart(chars[i]!.node, chars[i]!.offset);
        r.setEnd(chars[i]!.node, chars[i]!.offset + 1);
        return r.getClientRects()[0] ?? r.getBoundingClientRect();
      };
      const a = rectOf(first);
      const b = rectOf(last);
      // In right-to-left text a character's logical start is its right edge.
      const rtl = getComputedStyle(chars[first]!.node.parentElement!).direction === 'rtl';
      return {
        start: { x: rtl ? a.right - 1 : a.left + 1, y: a.top + a.height / 2 },
        end: { x: rtl ? b.left + 1 : b.right - 1, y: b.top + b.height / 2 },
      };
    },
    selector,
    wanted,
  );
}

/** A real mouse drag from `start` to `end`, from no selection. */
async function drag(page: Page, start: { x: number; y: number }, end: { x: number; y: number }): Promise<void> {
  await page.evaluate(() => document.getSelection()?.removeAllRanges());
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move((start.x + end.x) / 2, (start.y + end.y) / 2, { steps: 5 });
  await page.mouse.move(end.x, end.y, { steps: 5 });
  await page.mouse.up();
}

/** Selects a passage with a real mouse drag and returns the selected text. */
export async function dragSelect(page: Page, selector: string, words = 12): Promise<string> {
  const { start, end } = await locatePassage(page, selector, { words });
  await drag(page, start, end);
  const selected = await page.evaluate(() => document.getSelection()?.toString() ?? '');
  if (!fold(selected)) throw new Error('the drag selected nothing');
  return selected;
}

/** The toolbar appears: its host is the one element we add to the page. */
export async function waitForToolbar(page: Page, timeout = 10_000): Promise<void> {
  await page.waitForSelector('marginalia-toolbar', { visible: true, timeout });
}

/**
 * Selects a passage and waits for the toolbar. The content script starts at
 * document_idle, which can come just after `load`: if the toolbar has not appeared, the
 * reader selects again, as a person would.
 */
export async function selectUntilToolbar(page: Page, selector: string, words = 12): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    const selected = await dragSelect(page, selector, words);
    try {
      await waitForToolbar(page, attempt < 3 ? 2_000 : 10_000);
      return selected;
    } catch (error) {
      if (attempt >= 3) throw error;
      noteRetry(`select ${selector} again on ${page.url()}: no toolbar`, attempt, error);
    }
  }
}

/**
 * Clicks the toolbar's Highlight button. Chromium finds it by its accessible name; Firefox's
 * WebDriver BiDi cannot see into the closed shadow root, so there the click goes, as a real
 * mouse click, to where the button is drawn: the first button of the bar.
 */
export async function clickHighlight(page: Page, browser: 'chromium' | 'firefox'): Promise<void> {
  await waitForToolbar(page);
  if (browser === 'chromium') {
    await page.locator('::-p-aria(Highlight)').click();
    return;
  }
  const box = await page.$eval('marginalia-toolbar', (host) => {
    const r = host.getBoundingClientRect();
    return { x: r.left, y: r.top, height: r.height };
  });
  await page.mouse.click(box.x + 24, box.y + box.height / 2);
}

/**
 * Texts of every highlight we have registered in CSS.highlights, folded, in document order
 * (not marginalia-note, which marks the passages that have a note: a decoration on them).
 */
export async function drawnQuotes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const ranges: AbstractRange[] = [];
    for (const [name, highlight] of CSS.highlights) {
      if (name.startsWith('marginalia') && name !== 'marginalia-note')
        for (const range of highlight) ranges.push(range);
    }
    return ranges
      .filter((r): r is Range => r instanceof Range)
      .sort((a, b) => a.compareBoundaryPoints(Range.START_TO_START, b))
      .map((r) => r.toString().replace(/\s+/g, ' ').trim());
  });
}

/**
 * Waits until `quote` is drawn and inside the viewport, as after Jump to; `scrolled`: the page
 * had to scroll to get there (the passage is not at the top).
 */
export async function waitForDrawnInView(page: Page, quote: string, { scrolled = false } = {}): Promise<void> {
  await page.waitForFunction(
    (wanted, scrolled) => {
      for (const [name, h] of CSS.highlights) {
        if (!name.startsWith('marginalia')) continue;
        for (const r of h) {
          if (r instanceof Range && r.toString().replace(/\s+/g, ' ').trim() === wanted) {
            const box = r.getBoundingClientRect();
            return (!scrolled || scrollY > 0) && box.top >= 0 && box.bottom <= innerHeight;
          }
        }
      }
      return false;
    },
    { timeout: 10_000 },
    fold(quote),
    scrolled,
  );
}

/** Waits until `quote` is drawn on the page (compared with white space folded). */
export async function waitForDrawn(page: Page, quote: string, timeout = 10_000): Promise<void> {
  await page.waitForFunction(
    (wanted) => {
      for (const [name, highlight] of CSS.highlights) {
        if (!name.startsWith('marginalia')) continue;
        for (const range of highlight) {
          if (range instanceof Range && range.toString().replace(/\s+/g, ' ').trim() === wanted) return true;
        }
      }
      return false;
    },
    { timeout, polling: 100 },
    fold(quote),
  );
}

/**
 * Selects exactly `phrase` inside the first element matching `selector`, with a mouse
 * drag, and waits for the toolbar (`toolbarTimeout` 0: does not wait).
 */
export async function selectPhrase(
  page: Page,
  selector: string,
  phrase: string,
  toolbarTimeout = 10_000,
): Promise<string> {
  const { start, end } = await locatePassage(page, selector, { phrase });
  await drag(page, start, end);
  if (toolbarTimeout > 0) await waitForToolbar(page, toolbarTimeout);
  return page.evaluate(() => document.getSelection()?.toString() ?? '');
}

/** The reader stretches the selection to the end of the page with the keyboard (Ctrl+Shift+End). */
export async function extendSelectionToEnd(page: Page): Promise<void> {
  await page.keyboard.down('Control');
  await page.keyboard.down('Shift');
  await page.keyboard.press('End');
  await page.keyboard.up('Shift');
  await page.keyboard.up('Control');
}
