/**
 * End to end in Firefox ESR, on the built dist/firefox.
 *
 * What Firefox covers here: selecting with the mouse, the toolbar's Highlight button (a real
 * click where the button is drawn: WebDriver BiDi cannot see into our closed shadow root),
 * drawing in CSS.highlights, storage in the background's IndexedDB (the highlight comes back
 * after reload), and late-arriving articles, on every fixture page. The note editor and the
 * hover preview are moz-extension:// frames inside the toolbar: BiDi lists them and runs
 * code in them, so their text is checked here too; keys reach them by the keyboard, as the
 * reader's do.
 *
 * What it cannot: puppeteer may not open moz-extension:// pages, so the popup is rendered
 * from its real code on a test page with the browser seam swapped (dist/harness/, built by
 * `build.mjs --harness`); the popup as an extension page, and its download through the
 * browser, are covered in chromium.e2e.ts.
 */
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../src/shared/types';
import { launchFirefox } from '../support/browsers';
import { blockquotes } from '../support/downloads';
import { FIXTURES } from '../support/fixtures';
import { accessibilityProblems, sampleLibrary, searchAndFilter } from '../support/popup';
import { fold, waitForDrawn } from '../support/reader';
import { highlightSurvivesReload, orphanFoundAgain } from '../support/scenarios';
import { readerScenarios, toolbarScenarios } from '../support/shared-scenarios';
import { useBrowser } from '../support/suite';
import { notes, storedNote } from '../support/toolbar-scenarios';

const suite = useBrowser(launchFirefox);

describe('Firefox: a reader highlights and finds the highlight again', () => {
  readerScenarios(suite);

  for (const fixture of FIXTURES) {
    it(`on ${fixture.name}: the highlight is drawn and comes back after reload`, async () => {
      const { page } = await highlightSurvivesReload(
        suite.launched(),
        `${suite.server().origin}${fixture.path}`,
        fixture.passage,
      );
      await page.close();
    });
  }

  it('a highlight whose paragraph was removed is drawn nowhere, and comes back when the paragraph does', async () => {
    await orphanFoundAgain(suite.launched(), `${suite.server().origin}/app/changing.html`);
  });
});

describe('Firefox: the popup (its real code on a test page, browser seam swapped)', () => {
  it('lists a page’s highlights in reading order and exports them as Markdown', async () => {
    const pageUrl = 'https://essays.example/vllm?id=7';
    const page = await suite.launched().browser.newPage();
    const popupUrl = `${suite.server().origin}/harness/popup.html?url=${encodeURIComponent(pageUrl)}`;
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
  toolbarScenarios(suite);

  const essay = (tag: string) => `${suite.server().origin}/essay.html?${tag}`;

  it('notes can be written, saved with Ctrl+Enter, on blur, and cancelled with Escape; after reload the note editor reads them back', async () => {
    const { page, saved, blurred } = await notes(suite.launched(), essay('notes'));
    await page.reload();
    await waitForDrawn(page, saved);
    await waitForDrawn(page, blurred);
    expect(await storedNote(suite.launched(), page, saved)).toBe('A first thought\nand a second line');
    expect(await storedNote(suite.launched(), page, blurred)).toBe('Typed, then the reader clicked elsewhere');
    await page.close();
  });
});

describe('Firefox: the library and the page view (the popup’s code on a test page, browser seam swapped)', () => {
  it('the library finds a note by two words, ignoring accents and case, and filters by colour and tag', async () => {
    const page = await suite.launched().browser.newPage();
    await page.goto(`${suite.server().origin}/harness/popup.html?view=library`);
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
    const view = `${suite.server().origin}/harness/popup.html?url=${encodeURIComponent(pageUrl)}`;
    const page = await suite.launched().browser.newPage();
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
    expect(await page.$$eval('.tag', (tags) => tags.map((t) => t.textContent?.replace('×', '')))).toEqual([
      '#history',
      '#firefox',
    ]);
    await page.close();
  });
});
