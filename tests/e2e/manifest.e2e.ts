/**
 * Chromium loads dist/chrome with no manifest warnings or errors: what chrome://extensions
 * shows in developer mode (Firefox's side is `npm run lint:firefox`, web-ext lint).
 */
import { expect, it } from 'vitest';
import { launchChromium } from '../support/browsers';

it('Chromium reports no manifest warnings or errors for dist/chrome', async () => {
  const launched = await launchChromium();
  const id = new URL(launched.extensionOrigin).host;
  const page = await launched.browser.newPage();
  await page.goto('chrome://extensions');
  const report = await page.evaluate(async (id) => {
    // chrome://extensions' own API; warnings are collected only in developer mode, on load.
    interface ExtensionInfo {
      id: string;
      name: string;
      installWarnings: unknown[];
      manifestErrors: unknown[];
    }
    const api = (
      globalThis as unknown as {
        chrome: {
          developerPrivate: {
            updateProfileConfiguration(config: { inDeveloperMode: boolean }): Promise<void>;
            reload(id: string, options: { failQuietly: boolean }): Promise<void>;
            getExtensionsInfo(): Promise<ExtensionInfo[]>;
          };
        };
      }
    ).chrome.developerPrivate;
    await api.updateProfileConfiguration({ inDeveloperMode: true });
    await api.reload(id, { failQuietly: true });
    const info = async () => (await api.getExtensionsInfo()).find((e) => e.id === id);
    for (let i = 0; i < 50 && !(await info()); i++) await new Promise((r) => setTimeout(r, 100));
    const found = await info();
    return { name: found?.name, warnings: found?.installWarnings, errors: found?.manifestErrors };
  }, id);
  expect(report).toEqual({ name: 'Marginalia', warnings: [], errors: [] });
  await launched.browser.close();
});
