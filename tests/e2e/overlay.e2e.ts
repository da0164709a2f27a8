/**
 * Chromium: a page that draws a decoy over the toolbar cannot turn the reader's click into
 * an action the reader did not see (tests/support/overlay-scenarios.ts, shared with Firefox
 * in overlay-firefox.e2e.ts; the pixels are read from real screenshots).
 */
import { describe } from 'vitest';
import { launchChromium } from '../support/browsers';
import { overlayScenarios } from '../support/overlay-scenarios';
import { useBrowser } from '../support/suite';

const suite = useBrowser(launchChromium);

describe('Chromium: a decoy over the toolbar', () => {
  overlayScenarios(suite);
});
