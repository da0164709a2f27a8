import type { Launched } from './browsers';

/** The per-extension switches of Chromium's extension details page that tests set. */
export type AccessSwitch = 'fileAccess' | 'incognitoAccess';

/**
 * Sets one of the switches on Marginalia's details page ("Allow access to file URLs",
 * "Allow in Incognito") as chrome://extensions does, through that page's own API, and
 * waits until the extension runs again with it.
 */
export async function setExtensionAccess(launched: Launched, which: AccessSwitch, allowed: boolean): Promise<void> {
  const id = new URL(launched.extensionOrigin).host;
  const settings = await launched.browser.newPage();
  await settings.goto('chrome://extensions');
  await settings.evaluate(
    async (id, which, allowed) => {
      type Access = { isEnabled: boolean; isActive: boolean };
      interface Info {
        id: string;
        state: string;
        fileAccess: Access;
        incognitoAccess: Access;
      }
      const api = (
        globalThis as unknown as {
          chrome: {
            developerPrivate: {
              updateProfileConfiguration(config: { inDeveloperMode: boolean }): Promise<void>;
              updateExtensionConfiguration(
                update: { extensionId: string } & Partial<Record<AccessSwitch, boolean>>,
              ): Promise<void>;
              getExtensionsInfo(): Promise<Info[]>;
            };
          };
        }
      ).chrome.developerPrivate;
      // The switch reloads the extension, and Chromium reloads an unpacked one only in
      // developer mode (otherwise it stays disabled, and a test would pass for that reason).
      await api.updateProfileConfiguration({ inDeveloperMode: true });
      await api.updateExtensionConfiguration({ extensionId: id, [which]: allowed });
      for (;;) {
        const info = (await api.getExtensionsInfo()).find((e) => e.id === id);
        if (info?.state === 'ENABLED' && info[which].isActive === allowed) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    id,
    which,
    allowed,
  );
  await settings.close();
  await launched.browser.waitForTarget(
    (target) => target.type() === 'service_worker' && target.url().startsWith(launched.extensionOrigin),
  );
}
