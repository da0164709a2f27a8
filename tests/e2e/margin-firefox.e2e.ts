/**
 * Firefox ESR, on the built dist/firefox: notes you can see on the page (issue 16), the same
 * scenarios as in Chromium (tests/support/margin-scenarios.ts): the marker, the margin notes
 * level with their passages and out of the page's reach (the margin frame is a
 * moz-extension:// page, which WebDriver BiDi lists and runs code in), hiding them with one
 * click (a real click where the button is drawn: BiDi cannot see into our closed shadow
 * root), the narrow window, and word snapping.
 *
 * What it cannot: the options page (moz-extension:// pages cannot be opened), so turning
 * margin notes and snapping off is covered in margin.e2e.ts.
 */
import { describe } from 'vitest';
import { launchFirefox } from '../support/browsers';
import { marginScenarios } from '../support/margin-scenarios';
import { useBrowser } from '../support/suite';

const suite = useBrowser(launchFirefox);

describe('Firefox: margin notes and word snapping', () => {
  marginScenarios(suite);
});
