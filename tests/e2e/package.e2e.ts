/**
 * Issue 14, what ships: the Chrome Web Store zip (`npm run package`,
 * dist/marginalia-chrome-<version>.zip) unpacked into a temporary folder and loaded into
 * Chromium as it is, not dist/chrome. A reader highlights a passage, reloads, sees it drawn
 * again, and the popup lists it.
 */
import { describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browsers';
import { listedQuotes } from '../support/popup';
import { fold } from '../support/reader';
import { highlightSurvivesReload } from '../support/scenarios';
import { unpackStoreZip } from '../support/store-zip';
import { useBrowser } from '../support/suite';

const suite = useBrowser(async () => launchChromium({ extension: await unpackStoreZip('chrome') }));

describe('Chromium: the store zip, unpacked and loaded', () => {
  it('a highlight is drawn, comes back after reload, and the popup lists it', async () => {
    const launched = suite.launched();
    const url = `${suite.server().origin}/essay.html?package`;
    const { page, quote } = await highlightSurvivesReload(launched, url, 'article p:nth-of-type(2)');
    expect(await listedQuotes(launched, url, 1)).toEqual([fold(quote)]);
    await page.close();
  });
});
