/**
 * The daily Review in Firefox ESR: its real code (src/review and the background's handlers)
 * on a test page with the browser seam swapped (dist/harness/review.html, built by
 * `build.mjs --harness`), since WebDriver BiDi cannot open moz-extension:// pages. What that
 * leaves out, review.html as an extension page, is covered in review.e2e.ts (Chromium).
 *
 * The side panel is not driven in Firefox at all: its sidebar is the popup's page in panel
 * mode, but BiDi can neither open the sidebar nor reach moz-extension:// pages, and the
 * harness has no tabs to follow (side-panel.e2e.ts covers it in Chromium).
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import type { Annotation } from '../../src/shared/types';
import { launchFirefox } from '../support/browsers';
import { accessibilityProblems } from '../support/popup';
import { useBrowser } from '../support/suite';

const suite = useBrowser(launchFirefox);

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

const cardQuotes = (review: Page) =>
  review.$$eval('.review-card .quote', (els) => els.map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim()));

describe('Firefox: the daily Review (its real code on a test page, browser seam swapped)', () => {
  it('shows the due highlights, oldest first; Keep takes one out of today’s set; the link opens the page at the passage', async () => {
    const { browser } = suite.launched();
    const url = `${suite.server().origin}/essay.html?review-firefox`;
    // A real sentence far down the essay, the passage a reader highlighted months ago.
    const article = await browser.newPage();
    await article.goto(url);
    const sentence = await article.$eval('article p:nth-of-type(14)', (p) => {
      const text = (p.textContent ?? '').replace(/\s+/g, ' ').trim();
      return text.slice(0, text.indexOf('.') + 1);
    });
    await article.close();
    const annotation = (i: number, exact: string, age: number): Annotation => ({
      id: `f1f2f3f4-0000-4000-8000-00000000000${i}`,
      url: i === 0 ? url : `${suite.server().origin}/library/page-${i}`,
      target: { selector: [{ type: 'TextQuoteSelector', exact, prefix: '', suffix: '' }] },
      color: 'green',
      note: i === 0 ? 'Why it began' : '',
      tags: [],
      createdAt: daysAgo(age),
      updatedAt: daysAgo(age),
    });

    const review = await browser.newPage();
    await review.goto(`${suite.server().origin}/harness/review.html`);
    await review.waitForFunction(() => 'marginaliaHarness' in window);
    await review.evaluate(
      async (items) => {
        for (const [a, title] of items) await window.marginaliaHarness.save(a, title);
      },
      [
        [annotation(0, sentence, 300), 'The essay'],
        [annotation(1, 'Keepers wrote in their logbooks every evening.', 200), 'Lighthouse keepers'],
        [annotation(2, 'Scouts dance to report what they found.', 100), 'Bees deciding'],
      ] as [Annotation, string][],
    );
    await review.reload();
    await review.waitForFunction(() => document.querySelectorAll('.review-card').length === 3);
    expect(await cardQuotes(review)).toEqual([
      sentence,
      'Keepers wrote in their logbooks every evening.',
      'Scouts dance to report what they found.',
    ]);
    expect(await review.$eval('.count', (el) => el.textContent)).toBe('0 reviewed today, 3 to go.');
    expect(await accessibilityProblems(review)).toEqual([]);

    // Keep (BiDi cannot use ::-p-aria; the second card's first verdict button is Keep).
    const keep = await review.$('.review-card:nth-child(2) .verdicts button:first-child');
    expect(await keep!.evaluate((b) => b.textContent)).toBe('Keep');
    await keep!.click();
    await review.waitForFunction(() => document.querySelectorAll('.review-card').length === 2);
    expect(await cardQuotes(review)).not.toContain('Keepers wrote in their logbooks every evening.');
    expect(await review.$eval('.count', (el) => el.textContent)).toBe('1 reviewed today, 2 to go.');
    await review.reload();
    await review.waitForFunction(() => document.querySelectorAll('.review-card').length === 2);
    expect(await cardQuotes(review)).not.toContain('Keepers wrote in their logbooks every evening.');

    // The link: Firefox opens the page scrolled to the passage (its own text-fragment support).
    const opened = new Promise<Page>((resolve) =>
      browser.once('targetcreated', (target) => void target.page().then((p) => p && resolve(p))),
    );
    // (Firefox takes the text directive out of the address once it has used it, as the spec says.)
    expect(await review.$eval('.review-card:first-child a.open', (a) => (a as HTMLAnchorElement).href)).toContain(
      `${url}#:~:text=`,
    );
    await review.click('.review-card:first-child a.open');
    const page = await opened;
    await page.waitForFunction(
      () => {
        const p = document.querySelector('article p:nth-of-type(14)');
        if (!p || scrollY === 0) return false;
        const box = p.getBoundingClientRect();
        return box.top < innerHeight && box.bottom > 0;
      },
      { timeout: 10_000 },
    );
    await page.close();
    await review.close();
  });
});
