/**
 * The daily Review (issue 16), end to end in Chromium on the built dist/chrome: review.html
 * shows the highlights due today, Keep takes one out of today's set (stored with the
 * highlight), and a card's link opens the page scrolled to the passage.
 *
 * Firefox: not driven. Review is an extension page (moz-extension://), which WebDriver BiDi
 * cannot open; its schedule is the same pure code in both browsers (tests/unit/review-schedule.test.ts).
 */
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { dayOf } from '../../src/shared/review-schedule';
import type { Annotation } from '../../src/shared/types';
import { askFrom } from '../support/background';
import { launchChromium } from '../support/browsers';
import { accessibilityProblems, openPopup, sampleLibrary, seed } from '../support/popup';
import { clickHighlight, fold, selectUntilToolbar, waitForDrawn, waitForDrawnInView } from '../support/reader';
import { useBrowser } from '../support/suite';
import { screenshot } from '../support/toolbar-scenarios';

const suite = useBrowser(launchChromium);

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

const cardQuotes = (review: Page) =>
  review.$$eval('.review-card .quote', (els) => els.map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim()));

describe('Chromium: the daily Review', () => {
  it('shows the day’s due highlights, oldest first; Keep takes one out of today’s set; the link opens the page at the passage', async () => {
    const { browser, extensionOrigin } = suite.launched();
    // A real highlight far down the essay, made by the reader…
    const url = `${suite.server().origin}/essay.html?review`;
    const page = await browser.newPage();
    await page.goto(url);
    const quote = await selectUntilToolbar(page, 'article p:nth-of-type(14)', 16);
    await clickHighlight(page, 'chromium');
    await waitForDrawn(page, quote);
    await page.close();

    // …months ago (stored again with an old creation date), and six more from other pages.
    const control = await openPopup(suite.launched(), undefined, 'library');
    const [made] = (await askFrom(control, 'page/get', { url })).annotations;
    const old = { ...made!, createdAt: daysAgo(200), updatedAt: new Date().toISOString() };
    const others = sampleLibrary(suite.server().origin).map(({ annotation, title }, i) => ({
      title,
      annotation: { ...annotation, createdAt: daysAgo(100 - i), updatedAt: daysAgo(100 - i) },
    }));
    const extra: Annotation = {
      ...others[0]!.annotation,
      id: 'a1b2c3d4-0000-4000-8000-0000000000ff',
      createdAt: daysAgo(50),
      updatedAt: daysAgo(50),
    };
    await seed(control, [{ annotation: old, title: '' }, ...others, { annotation: extra, title: others[0]!.title }]);
    await control.close();

    const review = await browser.newPage();
    await review.goto(`${extensionOrigin}review.html`);
    // Five a day (the default), the longest waiting first.
    await review.waitForFunction(() => document.querySelectorAll('.review-card').length === 5);
    const shown = await cardQuotes(review);
    expect(shown[0]).toBe(fold(quote));
    expect(shown.slice(1)).toEqual(
      others.slice(0, 4).map((o) => fold((o.annotation.target.selector[0] as { exact: string }).exact)),
    );
    expect(await review.$eval('.count', (el) => el.textContent)).toBe('0 reviewed today, 5 to go.');
    await review.setViewport({ width: 900, height: 1100 });
    await screenshot(review, 'chromium-review');
    expect(await accessibilityProblems(review)).toEqual([]);
    await review.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    expect(await review.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(22, 25, 29)');
    expect(await accessibilityProblems(review)).toEqual([]);
    await review.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);

    // Keep: the card leaves today's set, and its next review is stored with the highlight.
    const kept = shown[1]!;
    const second = (await review.$$('.review-card'))[1]!;
    await (await second.$('::-p-aria([name="Keep"][role="button"])'))!.click();
    await review.waitForFunction(() => document.querySelectorAll('.review-card').length === 4);
    expect(await cardQuotes(review)).not.toContain(kept);
    expect(await review.$eval('.count', (el) => el.textContent)).toBe('1 reviewed today, 4 to go.');
    const stored = (await askFrom(review, 'library/everything', {})).annotations.find(
      (a) => fold(a.target.selector.find((s) => s.type === 'TextQuoteSelector')!.exact) === kept,
    );
    const today = dayOf(new Date());
    expect(stored?.review?.last).toBe(today);
    expect(stored!.review!.next! > today).toBe(true);

    // Opened again the same day: not shown twice, and no other card takes its place.
    await review.reload();
    await review.waitForFunction(() => document.querySelectorAll('.review-card').length === 4);
    expect(await cardQuotes(review)).not.toContain(kept);

    // The link opens the page scrolled to the passage.
    const opened = new Promise<Page>((resolve) =>
      browser.once('targetcreated', (target) => void target.page().then((p) => p && resolve(p))),
    );
    await review.locator('.review-card:first-child ::-p-aria([name="Open at the passage"][role="link"])').click();
    const article = await opened;
    await waitForDrawnInView(article, quote, { scrolled: true });
    expect(article.url()).toContain(`${url}#:~:text=`);
    await article.close();
    await review.close();
  });
});
