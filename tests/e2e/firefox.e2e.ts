/**
 * End to end in Firefox ESR, on the built dist/firefox.
 *
 * What Firefox covers here: selecting with the mouse, the toolbar's Highlight button (a real
 * click where the button is drawn: WebDriver BiDi cannot see into our closed shadow root),
 * drawing in CSS.highlights, storage in the background's IndexedDB (the highlight comes back
 * after reload), and late-arriving articles, on every fixture page.
 *
 * What it cannot: puppeteer may not open moz-extension:// pages, so the popup is rendered
 * from its real code on a test page with the browser seam swapped (dist/harness/, built by
 * `build.mjs --harness`); the popup as an extension page, and its download through the
 * browser, are covered in chromium.e2e.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Annotation } from '../../src/shared/types';
import { type Launched, launchFirefox } from '../support/browsers';
import { blockquotes } from '../support/downloads';
import { accessibilityProblems, sampleLibrary, searchAndFilter } from '../support/popup';
import { FIXTURES } from '../support/fixtures';
import { fold, waitForDrawn } from '../support/reader';
import {
  highlightSurvivesReload,
  lateArticle,
  nestedHighlights,
  orphanFoundAgain,
  revisedPage,
  singlePageApp,
} from '../support/scenarios';
import {
  aggressiveCss,
  deleteAndUndo,
  everyColour,
  keyboardOnly,
  notes,
  syntheticEventsDoNothing,
  toolbarScreenshot,
} from '../support/toolbar-scenarios';
import { type FixtureServer, startServer } from '../../scripts/fixture-server.mjs';

let server: FixtureServer;
let launched: Launched;

beforeAll(async () => {
  server = await startServer();
  launched = await launchFirefox();
});

afterAll(async () => {
  await launched?.browser.close();
  await server?.close();
});

describe('Firefox: a reader highlights and finds the highlight again', () => {
  for (const fixture of FIXTURES) {
    it(`on ${fixture.name}: the highlight is drawn and comes back after reload`, async () => {
      const { page } = await highlightSurvivesReload(launched, `${server.origin}${fixture.path}`, fixture.passage);
      await page.close();
    });
  }

  it('an article inserted 1.5 s after load gets its highlight back', async () => {
    await lateArticle(launched, `${server.origin}/late/essay.html`, 'article p');
  });

  it('a highlight whose paragraph was removed is drawn nowhere, and comes back when the paragraph does', async () => {
    await orphanFoundAgain(launched, `${server.origin}/app/changing.html`);
  });

  it('in a single-page app, highlights follow the URL through pushState, Back and Forward', async () => {
    await singlePageApp(launched, server.origin);
  });

  it('the author revised the page (a paragraph added above, one removed, a letter fixed inside a highlight): every highlight comes back on the right words', async () => {
    await revisedPage(launched, server.origin);
  });

  it('a highlight inside another of another colour: both drawn, and clicking the inner one acts on it alone', async () => {
    await nestedHighlights(launched, server.origin);
  });
});

describe('Firefox: the popup (its real code on a test page, browser seam swapped)', () => {
  it('lists a page’s highlights in reading order and exports them as Markdown', async () => {
    const pageUrl = 'https://essays.example/vllm?id=7';
    const page = await launched.browser.newPage();
    const popupUrl = `${server.origin}/harness/popup.html?url=${encodeURIComponent(pageUrl)}`;
    await page.goto(popupUrl);
    await page.waitForFunction(() => 'marginaliaHarness' in window);
    const quotes = ['the “Linux” of the intelligent era', 'Amidst the泡沫, there is a sense\nthat AI stands'];
    const annotation = (exact: string, start: number): Annotation => ({
      id: `00000000-0000-4000-8000-00000000000${start % 10}`,
      url: pageUrl,
      target: {
        selector: [
          { type: 'TextQuoteSelector', exact, prefix: '', suffix: '' },
          { type: 'TextPositionSelector', start, end: start + exact.length },
        ],
      },
      color: 'yellow',
      note: '',
      tags: [],
      createdAt: new Date(2026, 0, start).toISOString(),
      updatedAt: new Date(2026, 0, start).toISOString(),
    });
    // Saved later-first, so reading order is not the order of saving.
    await page.evaluate(
      async (a, b) => {
        await window.marginaliaHarness.save(a, 'My 2024 with vLLM');
        await window.marginaliaHarness.save(b, 'My 2024 with vLLM');
      },
      annotation(quotes[1]!, 9),
      annotation(quotes[0]!, 3),
    );
    await page.reload();
    await page.waitForSelector('.highlights .quote');
    const listed = await page.$$eval('.highlights .quote', (els) => els.map((el) => el.textContent ?? ''));
    expect(listed).toEqual(quotes);

    await page.locator('::-p-aria(Export Markdown)').click();
    await page.waitForFunction(() => window.marginaliaHarness.downloads.length === 1);
    const [download] = await page.evaluate(() => window.marginaliaHarness.downloads);
    expect(download!.filename).toBe('my-2024-with-vllm.md');
    expect(download!.text).toContain(pageUrl);
    expect(blockquotes(download!.text)).toEqual(quotes);
    expect(fold(download!.text)).toContain('My 2024 with vLLM');
    await page.close();
  });
});

describe('Firefox: the reading toolbar (buttons clicked where they are drawn)', () => {
  const essay = (tag: string) => `${server.origin}/essay.html?${tag}`;

  it('each colour button draws in its colour, kept after reload; Highlight then uses the last colour', async () => {
    await everyColour(launched, essay('colours'));
  });

  it('notes can be written, saved with Ctrl+Enter, on blur, and cancelled with Escape (their text is checked in Chromium, as it never reaches the page)', async () => {
    const { page, saved, blurred } = await notes(launched, essay('notes'));
    await page.reload();
    await waitForDrawn(page, saved);
    await waitForDrawn(page, blurred);
    await page.close();
  });

  it('clicking a highlight offers Delete, and Undo restores it with its colour', async () => {
    const page = await deleteAndUndo(launched, essay('delete'));
    await page.close();
  });

  it('keyboard only: Tab from the selection into the toolbar, Enter highlights', async () => {
    await keyboardOnly(launched, essay('keyboard'));
  });

  it('a page that fakes the reader’s events highlights nothing', async () => {
    await syntheticEventsDoNothing(launched, `${server.origin}/app/hostile.html`);
  });

  it('a page with aggressive global CSS gets the same toolbar, which works', async () => {
    await aggressiveCss(launched, `${server.origin}/app/aggressive.html`);
  });

  it('screenshots of the toolbar on the essay and on Wikipedia (test-results/screenshots)', async () => {
    await toolbarScreenshot(launched, `${server.origin}/essay.html?shot`, 'article p:nth-of-type(3)', 'essay');
    await toolbarScreenshot(launched, `${server.origin}/pages/wikipedia.html?shot`, '#mw-content-text p', 'wikipedia');
  });
});

describe('Firefox: the library and the page view (the popup’s code on a test page, browser seam swapped)', () => {
  it('the library finds a note by two words, ignoring accents and case, and filters by colour and tag', async () => {
    const page = await launched.browser.newPage();
    await page.goto(`${server.origin}/harness/popup.html?view=library`);
    await page.waitForFunction(() => 'marginaliaHarness' in window);
    await page.evaluate(async (items) => {
      for (const { annotation, title } of items) await window.marginaliaHarness.save(annotation, title);
    }, sampleLibrary('https://library.example'));
    await page.reload();
    await page.waitForSelector('.pages');
    await searchAndFilter(page);
    expect(await accessibilityProblems(page)).toEqual([]);
    await page.close();
  });

  it('a note and tags edited in the page view are kept after the view is closed at once', async () => {
    const [sample] = sampleLibrary('https://notes.example');
    const first = { ...sample!, annotation: { ...sample!.annotation, id: 'b1b2c3d4-0000-4000-8000-000000000001' } };
    const pageUrl = first.annotation.url;
    const view = `${server.origin}/harness/popup.html?url=${encodeURIComponent(pageUrl)}`;
    const page = await launched.browser.newPage();
    await page.goto(view);
    await page.waitForFunction(() => 'marginaliaHarness' in window);
    await page.evaluate(async (item) => window.marginaliaHarness.save(item.annotation, item.title), first!);
    await page.reload();
    const note = await page.waitForSelector('.highlights textarea[aria-label="Note"]');
    await note!.click({ count: 3 });
    await page.keyboard.type('Rewritten in Firefox');
    const tag = await page.waitForSelector('.highlights input[aria-label="Add tag"]');
    await tag!.type('firefox');
    await page.keyboard.press('Enter');
    await page.waitForSelector('.tag');
    expect(await accessibilityProblems(page)).toEqual([]);
    // Leaving the page right after typing: the note is flushed on pagehide.
    await page.goto('about:blank');
    await page.goto(view);
    const again = await page.waitForSelector('.highlights textarea[aria-label="Note"]');
    await page.waitForFunction((el) => (el as HTMLTextAreaElement).value === 'Rewritten in Firefox', {}, again);
    expect(await page.$$eval('.tag', (tags) => tags.map((t) => t.textContent?.replace('×', '')))).toEqual(['#history', '#firefox']);
    await page.close();
  });
});
