/**
 * Firefox: a page that draws a decoy over the toolbar cannot turn the reader's click into
 * an action the reader did not see (tests/support/overlay-scenarios.ts, shared with Chromium
 * in overlay.e2e.ts; the pixels are read from real screenshots). Firefox has no occlusion
 * check (IntersectionObserver v2): here the top layer and the toolbar's own checks are all.
 */
import { describe } from 'vitest';
import { launchFirefox } from '../support/browsers';
import { overlayScenarios } from '../support/overlay-scenarios';
import { useBrowser } from '../support/suite';

const suite = useBrowser(launchFirefox);

describe('Firefox: a decoy over the toolbar', () => {
  overlayScenarios(suite);
});
