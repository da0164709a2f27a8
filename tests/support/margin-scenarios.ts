import type { Page } from 'puppeteer-core';
import { expect, it, vi } from 'vitest';
import type { Launched } from './browsers';
import {
  markedQuotes,
  passageBox,
  seenMarginNotes,
  waitForMarker,
  waitForNoteBeside,
  writeNote,
  YELLOW,
} from './margin';
import { hex, viewportPixelAt } from './pixels';
import { clickHighlight, drawnQuotes, fold, selectPhrase, waitForDrawn } from './reader';
import { reloadUntilDrawn } from './scenarios';
import type { Suite } from './suite';

/** A window wide enough for the demo essay's margin to hold notes, and one too narrow. */
export const WIDE = { width: 1600, height: 900 };
export const NARROW = { width: 900, height: 900 };

export async function openAt(launched: Launched, url: string, viewport = WIDE): Promise<Page> {
  const page = await launched.browser.newPage();
  await page.setViewport(viewport);
  await page.goto(url);
  return page;
}

/**
 * Clicks the margin's one button (“Hide margin notes” or “Show margin notes”) as a reader
 * does. Chromium finds it by its accessible name; Firefox's WebDriver BiDi cannot see into
 * the closed shadow root, so there a real mouse click goes where it is drawn: the bottom
 * right corner of the margin column (src/content/margin.ts: 8 px from its right, 12 px from
 * its bottom).
 */
export async function clickMarginButton(page: Page, launched: Launched, name: string): Promise<void> {
  if (launched.name === 'chromium') {
    await page.locator(`::-p-aria([name="${name}"][role="button"])`).click();
    return;
  }
  const box = await page.$eval('marginalia-margin', (host) => {
    const r = host.getBoundingClientRect();
    return { right: r.right, bottom: r.bottom };
  });
  await page.mouse.click(box.right - 8 - 20, box.bottom - 12 - 8);
}

/** What a page script learnt: see tests/fixtures/app/keylogger.html. */
interface Recorded {
  events: { key: string | null; data: string | null }[];
  roots: { html: string; values: string[] }[];
  frames: number;
}

/** Margin notes and word snapping, as a reader sees them, in both browsers. */
export function marginScenarios(suite: Suite): void {
  const origin = () => suite.server().origin;

  it('a note marks its passage, and in a wide window the note is shown in the margin level with it, where the page’s scripts cannot read it', async () => {
    const launched = suite.launched();
    const page = await openAt(launched, `${origin()}/app/keylogger.html?margin`);
    // Letters that no key name the page might also see (Control, Enter, Shift) contains.
    const note = 'Qx7 jvZ margin\nKw9 yq';
    const quote = await writeNote(launched, page, '#passage', note);
    await waitForMarker(page, quote);
    expect(await markedQuotes(page)).toEqual([fold(quote)]);
    // The marker is a decoration on the highlight, not another highlight.
    expect(await drawnQuotes(page)).toEqual([fold(quote)]);
    await waitForNoteBeside(page, quote, note);

    // The page holds no character of it: not in its DOM or text, not in any shadow root it
    // caught, not in the events it heard; our margin's shadow root is closed to it, and
    // window.frames does not list our frame, so it cannot even post to it.
    const learnt = await page.evaluate(() => ({
      recorded: (window as unknown as { recorded(): Recorded }).recorded(),
      html: document.documentElement.outerHTML,
      // biome-ignore lint/performance/useDomNodeTextContent: the page's text as rendered, what a script copying it would get
      text: document.body.innerText,
      host: !!document.querySelector('marginalia-margin'),
      shadow: document.querySelector('marginalia-margin')?.shadowRoot ?? null,
    }));
    expect(learnt.host).toBe(true);
    expect(learnt.shadow).toBeNull();
    expect(learnt.recorded.frames).toBe(0);
    const lines = note.split('\n');
    for (const where of [learnt.html, learnt.text, ...learnt.recorded.roots.flatMap((r) => [r.html, ...r.values])]) {
      expect(lines.filter((line) => where.includes(line))).toEqual([]);
    }
    const heard = learnt.recorded.events.map((event) => `${event.key ?? ''}${event.data ?? ''}`).join('');
    expect([...new Set(note.replace(/\s/g, ''))].filter((character) => heard.includes(character))).toEqual([]);

    // After a reload, the note is read again and shown in the same place.
    await reloadUntilDrawn(page, quote);
    await waitForNoteBeside(page, quote, note);
    await page.close();
  });

  it('two notes whose passages share a line are kept apart, each level with its passage or just below the one above, and follow the page as it scrolls and reflows', async () => {
    const launched = suite.launched();
    const page = await openAt(launched, `${origin()}/essay.html?margin-overlap`);
    const first = await writeNote(
      launched,
      page,
      'article p:nth-of-type(2)',
      'A catalyst, then',
      'The advent of ChatGPT',
    );
    const second = await writeNote(
      launched,
      page,
      'article p:nth-of-type(2)',
      'Late 2022: the turn\nof the research',
      'in late 2022',
    );
    const one = await waitForNoteBeside(page, first, 'A catalyst, then');
    const two = await vi.waitFor(async () => {
      const seen = (await seenMarginNotes(page)).find((card) => card.text.startsWith('Late 2022'));
      if (!seen) throw new Error('the second note is not in the margin');
      return seen;
    });
    // Both passages start on the same line: the second note goes just below the first.
    expect(Math.abs((await passageBox(page, second)).top - (await passageBox(page, first)).top)).toBeLessThan(2);
    expect(two.top).toBeGreaterThanOrEqual(one.bottom);
    expect(two.top - one.bottom).toBeLessThan(16);

    // The reader scrolls: the notes move with their passages.
    await page.evaluate(() => window.scrollBy(0, 150));
    await waitForNoteBeside(page, first, 'A catalyst, then');
    // The page reflows (a paragraph added above): the notes follow their passages down.
    const before = (await passageBox(page, first)).top;
    await page.evaluate(() => {
      const added = document.createElement('p');
      added.textContent = 'A paragraph the page added above, long enough to push the rest down by a few lines. '.repeat(
        3,
      );
      document.querySelector('article h1')!.after(added);
    });
    await vi.waitFor(async () => expect((await passageBox(page, first)).top).toBeGreaterThan(before + 40));
    await waitForNoteBeside(page, first, 'A catalyst, then');
    await page.close();
  });

  it('one click on “Hide margin notes” hides them (the marker stays), and “Show margin notes” brings them back', async () => {
    const launched = suite.launched();
    const page = await openAt(launched, `${origin()}/essay.html?margin-hide`);
    const note = 'Worth coming back to';
    const quote = await writeNote(launched, page, 'article p:nth-of-type(4)', note);
    const card = await waitForNoteBeside(page, quote, note);
    // What the reader sees at the note's left edge: its stripe in the highlight's colour.
    const stripe = { x: card.left + 1, y: card.top + card.height / 2 };
    await vi.waitFor(async () => expect(hex(await viewportPixelAt(page, stripe.x, stripe.y))).toBe(hex(YELLOW)));
    await clickMarginButton(page, launched, 'Hide margin notes');
    await vi.waitFor(async () => expect(await seenMarginNotes(page)).toEqual([]));
    // There, now, the page's own white.
    await vi.waitFor(async () => expect(hex(await viewportPixelAt(page, stripe.x, stripe.y))).toBe('#ffffff'));
    expect(await markedQuotes(page)).toEqual([fold(quote)]);
    await clickMarginButton(page, launched, 'Show margin notes');
    await waitForNoteBeside(page, quote, note);
    await page.close();
  });

  it('in a window too narrow for a margin, the marker only; widened, the note appears beside its passage', async () => {
    const launched = suite.launched();
    const page = await openAt(launched, `${origin()}/essay.html?margin-narrow`, NARROW);
    const note = 'Only marked while the window is narrow';
    const quote = await writeNote(launched, page, 'article p:nth-of-type(5)', note);
    await waitForMarker(page, quote);
    // The options were read at the reader's first mousedown, and the margin decided as the
    // note was drawn: no room, so nothing of ours beside the text.
    expect(await page.$('marginalia-margin')).toBeNull();
    expect(await seenMarginNotes(page)).toEqual([]);
    await page.setViewport(WIDE);
    await waitForNoteBeside(page, quote, note);
    await page.setViewport(NARROW);
    await page.waitForSelector('marginalia-margin', { hidden: true });
    expect(await markedQuotes(page)).toEqual([fold(quote)]);
    await page.close();
  });

  it('a drag that starts and ends inside words highlights the whole words', async () => {
    const launched = suite.launched();
    const page = await openAt(launched, `${origin()}/essay.html?snap`);
    // From inside “By” to inside “expressed”.
    const selected = await selectPhrase(page, 'article p:nth-of-type(3)', 'y the end of 2023, I had expres');
    // The reader sees the whole words selected, before highlighting.
    expect(fold(selected)).toBe('By the end of 2023, I had expressed');
    await clickHighlight(page, launched.name);
    await waitForDrawn(page, 'By the end of 2023, I had expressed');
    await reloadUntilDrawn(page, 'By the end of 2023, I had expressed');
    expect(await drawnQuotes(page)).toEqual(['By the end of 2023, I had expressed']);
    await page.close();
  });
}
