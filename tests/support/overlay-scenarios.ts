import type { Page } from 'puppeteer-core';
import { expect, it, vi } from 'vitest';
import { hex, near, pixelAt, type Rgb } from './pixels';
import { drawnQuotes, fold, selectPhrase, selectUntilToolbar, waitForDrawn, waitForToolbar } from './reader';
import { reloadUntilDrawn } from './scenarios';
import type { Suite } from './suite';

/** The decoy's colour in tests/fixtures/app/decoy.html. */
const DECOY: Rgb = [255, 0, 255];
/** The Highlight button's background (src/content/toolbar-style.ts), dark and light, hovered or not. */
const BUTTON: Rgb[] = [
  [0x2f, 0x35, 0x3d],
  [0x44, 0x4c, 0x56],
  [0xee, 0xf1, 0xf4],
  [0xdd, 0xe3, 0xe9],
];

/** Where the Highlight button is drawn: the first button of the bar (4 px padding, 92 × 28 px). */
async function highlightButton(page: Page): Promise<{ x: number; y: number; width: number; height: number }> {
  await waitForToolbar(page);
  const box = await page.$eval('marginalia-toolbar', (host) => {
    const r = host.getBoundingClientRect();
    return { x: r.left, y: r.top };
  });
  return { x: box.x + 4, y: box.y + 4, width: 92, height: 28 };
}

/** What the reader sees on the Highlight button: a pixel of its background, clear of its label and corners. */
async function seenOnHighlight(page: Page): Promise<Rgb> {
  const button = await highlightButton(page);
  return pixelAt(page, button.x + button.width - 8, button.y + 4);
}

/** Waits until the reader sees the button (not the decoy) where Highlight is. */
async function untilButtonSeen(page: Page): Promise<void> {
  await vi.waitFor(
    async () => {
      const seen = await seenOnHighlight(page);
      if (!BUTTON.some((c) => near(seen, c))) throw new Error(`the reader sees ${hex(seen)} where Highlight is`);
    },
    { timeout: 5_000, interval: 100 },
  );
}

/** The reader clicks where the Highlight button is drawn, with the mouse (in both browsers). */
async function clickWhereHighlightIs(page: Page): Promise<void> {
  const button = await highlightButton(page);
  await page.mouse.click(button.x + button.width / 2, button.y + button.height / 2);
}

async function open(suite: Suite, query: string): Promise<Page> {
  const page = await suite.launched().browser.newPage();
  await page.goto(`${suite.server().origin}/app/decoy.html${query}`);
  return page;
}

/** The decoy is really drawn: far from the toolbar, the reader sees its colour. */
async function decoyDrawn(page: Page): Promise<void> {
  await vi.waitFor(
    async () => {
      const seen = await pixelAt(page, 5, 5);
      if (!near(seen, DECOY)) throw new Error(`the decoy is not drawn (${hex(seen)})`);
    },
    { timeout: 5_000, interval: 100 },
  );
}

/**
 * Pages that draw a decoy over where our toolbar appears (tests/fixtures/app/decoy.html), in
 * both browsers. The toolbar's host is a popover in the browser's top layer: no ordinary
 * element of the page is drawn over it. Whatever the page puts above it anyway (its own
 * popover opened later) or does to it (closes its popover, rewrites its style) makes the
 * reader's click do nothing, and raises the bar again.
 */
export function overlayScenarios(suite: Suite): void {
  for (const [query, what] of [
    ['', 'an opaque decoy with the highest z-index and pointer-events: none'],
    ['?css', 'the same decoy, and CSS that hides, fades, moves and clips every popover'],
  ] as const) {
    it(`${what}: the toolbar is drawn above it, and the reader’s click on Highlight highlights`, async () => {
      const page = await open(suite, query);
      const quote = await selectUntilToolbar(page, '#target', 8);
      await decoyDrawn(page);
      expect(hex(await seenOnHighlight(page))).not.toBe(hex(DECOY));
      await untilButtonSeen(page);
      await clickWhereHighlightIs(page);
      await waitForDrawn(page, quote);
      await reloadUntilDrawn(page, quote);
      expect(await drawnQuotes(page)).toEqual([fold(quote)]);
      await page.close();
    });
  }

  for (const [query, what] of [
    ['?popover', 'a page that opens its own popover over the toolbar just after it appears'],
    ['?stealthy', 'the same page, stopping every beforetoggle event before the toolbar’s listener'],
    ['?hide', 'a page that closes the toolbar’s popover, leaving it under a decoy'],
    ['?restyle', 'a page that rewrites the toolbar host’s style to make it transparent'],
  ] as const) {
    it(`${what}: the reader’s click there does nothing, the toolbar comes back on top, and a click on it then highlights`, async () => {
      const page = await open(suite, query);
      const quote = await selectUntilToolbar(page, '#target', 8);
      await decoyDrawn(page);
      // The reader sees the decoy where Highlight is, and clicks it.
      expect(hex(await seenOnHighlight(page))).toBe(hex(DECOY));
      await clickWhereHighlightIs(page);
      // Nothing is highlighted; the toolbar is raised above the decoy, in plain view.
      await untilButtonSeen(page);
      expect(await drawnQuotes(page)).toEqual([]);
      await clickWhereHighlightIs(page);
      await waitForDrawn(page, quote);
      await reloadUntilDrawn(page, quote);
      expect(await drawnQuotes(page)).toEqual([fold(quote)]);
      await page.close();
    });
  }

  it('a page whose CSS paints every ::backdrop: the toolbar’s popover brings none, the page around it stays as it was', async () => {
    const page = await open(suite, '?backdrop');
    await selectUntilToolbar(page, '#target', 8);
    await untilButtonSeen(page);
    const button = await highlightButton(page);
    // Beside the article (no text there), the page's own white.
    expect(hex(await pixelAt(page, 1270, button.y))).toBe('#ffffff');
    expect(hex(await pixelAt(page, 5, 5))).toBe('#ffffff');
    await page.close();
  });

  it('a page that opens its popover again each time the toolbar is raised: no click of the reader, who sees only the decoy, highlights', async () => {
    const page = await open(suite, '?reopen');
    await selectUntilToolbar(page, '#target', 8);
    await decoyDrawn(page);
    for (let click = 0; click < 3; click++) {
      expect(hex(await seenOnHighlight(page))).toBe(hex(DECOY));
      await clickWhereHighlightIs(page);
    }
    // The decoy goes; the reader closes the toolbar (it may lie over the next sentence, where
    // the drag starts) and highlights another sentence in plain view: only that one is kept.
    await page.evaluate(() => (window as unknown as { stopDecoy(): void }).stopDecoy());
    await page.keyboard.press('Escape');
    await page.waitForSelector('marginalia-toolbar', { hidden: true });
    const honest = await selectPhrase(page, '#honest', 'the reader highlights this sentence knowingly');
    await untilButtonSeen(page);
    await clickWhereHighlightIs(page);
    await reloadUntilDrawn(page, honest);
    expect(await drawnQuotes(page)).toEqual([fold(honest)]);
    await page.close();
  });
}
