/**
 * Chromium, on the built dist/chrome: notes you can see on the page (issue 16). The marker,
 * the margin notes beside their passages (and out of the page's reach), hiding them with one
 * click, the narrow window and word snapping are shared with Firefox
 * (tests/support/margin-scenarios.ts, run there by margin-firefox.e2e.ts). Here also what
 * needs an extension page, which Firefox's driver cannot open: the options that turn both
 * off; and the README's screenshot.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browsers';
import { markedQuotes, waitForMarker, waitForNoteBeside, writeNote } from '../support/margin';
import { marginScenarios, openAt } from '../support/margin-scenarios';
import { clickHighlight, fold, selectPhrase, waitForDrawn } from '../support/reader';
import { useBrowser } from '../support/suite';

const suite = useBrowser(launchChromium);

/** test-results/screenshots, or docs/screenshots (the README's) when UPDATE_SCREENSHOTS=1. */
const SCREENSHOTS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  process.env.UPDATE_SCREENSHOTS ? '../../docs/screenshots' : '../../test-results/screenshots',
);

const MARGIN_OPTION = 'Show notes in the margin beside their passages, where the page leaves room';
const SNAP_OPTION = 'Extend selections made with the mouse to whole words';

/** The reader opens Marginalia's options page and sets a checkbox. */
async function setOption(label: string, checked: boolean): Promise<void> {
  const options = await suite.launched().browser.newPage();
  await options.goto(`${suite.launched().extensionOrigin}options.html`);
  const box = (await options.waitForSelector(`::-p-aria([name="${label}"][role="checkbox"])`))!;
  if ((await box.evaluate((el) => (el as HTMLInputElement).checked)) !== checked) {
    await box.click();
    await options.waitForFunction(
      (el, checked) =>
        (el as HTMLInputElement).checked === checked &&
        document.querySelector('[role="status"]')?.textContent === 'Saved.',
      {},
      box,
      checked,
    );
  }
  await options.close();
}

describe('Chromium: margin notes and word snapping', () => {
  marginScenarios(suite);

  it('with both options off: the marker only, in a wide window too, and a drag that ends mid-word highlights just what was dragged', async () => {
    const launched = suite.launched();
    const page = await openAt(launched, `${suite.server().origin}/essay.html?options-off`);
    const note = 'Shown in the margin until the option is off';
    const quote = await writeNote(launched, page, 'article p:nth-of-type(7)', note);
    await waitForNoteBeside(page, quote, note);
    await setOption(MARGIN_OPTION, false);
    await setOption(SNAP_OPTION, false);
    try {
      await page.bringToFront();
      await page.reload();
      await waitForMarker(page, quote);
      // The reader drags from inside one word to inside another: that is what is selected
      // and highlighted, so the options were read by then (at the drag's first mousedown).
      const selected = await selectPhrase(page, 'article p:nth-of-type(8)', 'ur community expan');
      expect(fold(selected)).toBe('ur community expan');
      await clickHighlight(page, 'chromium');
      await waitForDrawn(page, 'ur community expan');
      // And beside the noted passage, nothing of ours: only its marker.
      expect(await page.$('marginalia-margin')).toBeNull();
      expect(await markedQuotes(page)).toEqual([fold(quote)]);
    } finally {
      await setOption(MARGIN_OPTION, true);
      await setOption(SNAP_OPTION, true);
    }
    await page.bringToFront();
    await page.reload();
    await waitForNoteBeside(page, quote, note);
    await page.close();
  });

  it('screenshot of margin notes beside the essay (test-results/screenshots)', async () => {
    const launched = suite.launched();
    const page = await openAt(launched, `${suite.server().origin}/essay.html?margin-shot`);
    const notes: [string, string, string][] = [
      ['article p:nth-of-type(2)', 'The advent of ChatGPT', 'The turn: from Conv-BN tuning to ML systems.'],
      [
        'article p:nth-of-type(4)',
        'wisdom of PyTorch’s open-source management practices',
        'Worth stealing: read every issue and PR, every day, to learn a codebase fast.',
      ],
      [
        'article p:nth-of-type(6)',
        'the passion and support of our community',
        'Community as infrastructure.\nCompare with the H100 story above.',
      ],
    ];
    const quotes: string[] = [];
    for (const [selector, phrase, note] of notes) quotes.push(await writeNote(launched, page, selector, note, phrase));
    await page.evaluate(() => window.scrollTo(0, 0));
    for (const [i, quote] of quotes.entries()) await waitForNoteBeside(page, quote, notes[i]![2]);
    await mkdir(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'chromium-margin-notes.png') });
    await page.close();
  });
});
