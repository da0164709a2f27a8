import type { Frame, Page } from 'puppeteer-core';
import { expect, vi } from 'vitest';
import type { Launched } from './browsers';
import { hex, type Rgb, viewportPixelAt } from './pixels';
import { fold, selectPhrase, selectUntilToolbar, waitForDrawn } from './reader';
import { pressButton, waitForNoteEditor } from './toolbar';

/**
 * Writes a note on a passage as a reader does: selects it (exactly `phrase` when given, else
 * 8 words of `selector`), Note, types the note (lines joined with Shift+Enter), Ctrl+Enter.
 * Returns the passage as highlighted.
 */
export async function writeNote(
  launched: Launched,
  page: Page,
  selector: string,
  note: string,
  phrase?: string,
): Promise<string> {
  const quote = phrase ? await selectPhrase(page, selector, phrase) : await selectUntilToolbar(page, selector, 8);
  await pressButton(page, launched.name, 'select', 'Note');
  await waitForDrawn(page, quote);
  await waitForNoteEditor(page);
  for (const [i, line] of note.split('\n').entries()) {
    if (i > 0) {
      await page.keyboard.down('Shift');
      await page.keyboard.press('Enter');
      await page.keyboard.up('Shift');
    }
    await page.keyboard.type(line);
  }
  await page.keyboard.down('Control');
  await page.keyboard.press('Enter');
  await page.keyboard.up('Control');
  await page.waitForSelector('marginalia-toolbar', { hidden: true });
  return quote;
}

/** Waits until `quote` carries the note marker (its range is in CSS.highlights' marginalia-note). */
export async function waitForMarker(page: Page, quote: string): Promise<void> {
  await page.waitForFunction(
    (wanted) =>
      [...(CSS.highlights.get('marginalia-note') ?? [])].some(
        (range) => range instanceof Range && range.toString().replace(/\s+/g, ' ').trim() === wanted,
      ),
    { timeout: 10_000, polling: 100 },
    fold(quote),
  );
}

/** The passages that carry the note marker now, folded. */
export async function markedQuotes(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...(CSS.highlights.get('marginalia-note') ?? [])]
      .filter((range): range is Range => range instanceof Range)
      .map((range) => range.toString().replace(/\s+/g, ' ').trim()),
  );
}

/** Where a reader sees a margin note, in the page's viewport (px). */
export interface SeenNote {
  text: string;
  height: number;
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * The margin notes the reader sees: the cards shown in our margin frame (an extension page
 * inside a closed shadow root, which no selector of the page reaches but the browser lists),
 * placed in the page's viewport by the frame's own position.
 */
export async function seenMarginNotes(page: Page): Promise<SeenNote[]> {
  const frame = await marginFrame(page);
  if (!frame) return [];
  const host = await page.evaluate(() => {
    const box = document.querySelector('marginalia-margin')?.getBoundingClientRect();
    return box ? { x: box.left, y: box.top } : undefined;
  });
  if (!host) return [];
  const cards = await frame
    .evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('.card')]
        .map((card) => ({ text: card.textContent ?? '', box: card.getBoundingClientRect() }))
        // A card with no box is not drawn (the frame is hidden, or the card is).
        .filter(({ box }) => box.width > 0 && box.height > 0)
        .map(({ text, box }) => ({ text, top: box.top, left: box.left, bottom: box.bottom, right: box.right })),
    )
    .catch(() => []);
  return cards.map((card) => ({
    ...card,
    height: card.bottom - card.top,
    top: card.top + host.y,
    bottom: card.bottom + host.y,
    left: card.left + host.x,
    right: card.right + host.x,
  }));
}

/** Our margin frame: the note frame (note.html) that holds the margin column. */
async function marginFrame(page: Page): Promise<Frame | undefined> {
  for (const frame of page.frames()) {
    if (frame === page.mainFrame()) continue;
    const ours = await frame
      .evaluate(() => location.pathname.endsWith('/note.html') && !!document.querySelector('.margin'))
      .catch(() => false);
    if (ours) return frame;
  }
  return undefined;
}

/** Where a marked passage is in the viewport: its first line's top, and the right edge of its paragraph. */
export async function passageBox(page: Page, quote: string): Promise<{ top: number; right: number }> {
  return page.evaluate((wanted) => {
    for (const range of CSS.highlights.get('marginalia-note') ?? []) {
      if (!(range instanceof Range) || range.toString().replace(/\s+/g, ' ').trim() !== wanted) continue;
      const block = range.startContainer.parentElement!.closest('p, li, blockquote, div')!;
      return { top: range.getClientRects()[0]!.top, right: block.getBoundingClientRect().right };
    }
    throw new Error('passage not marked');
  }, fold(quote));
}

/** A yellow highlight's note: the stripe at its left (assets/note.css). */
export const YELLOW: Rgb = [0xff, 0xd6, 0x0a];

/**
 * Waits until the reader sees `note` in the margin, level with its passage; returns where it
 * is. Seen means drawn: the stripe at the note's left edge is on screen in the highlight's
 * colour (a real screenshot's pixel), not only laid out in the frame.
 */
export async function waitForNoteBeside(page: Page, quote: string, note: string, stripe = YELLOW): Promise<SeenNote> {
  return vi.waitFor(
    async () => {
      const card = (await seenMarginNotes(page)).find((seen) => seen.text === note);
      if (!card) throw new Error(`“${note}” is not in the margin`);
      const passage = await passageBox(page, quote);
      // Level with the passage's first line, and beside the text, not over it.
      expect(Math.abs(card.top - passage.top)).toBeLessThanOrEqual(1.5);
      expect(card.left).toBeGreaterThanOrEqual(passage.right);
      expect(hex(await viewportPixelAt(page, card.left + 1, card.top + card.height / 2))).toBe(hex(stripe));
      return card;
    },
    { timeout: 10_000, interval: 100 },
  );
}
