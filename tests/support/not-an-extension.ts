/**
 * What `webextension-polyfill` is in the test processes (vitest.config.ts and
 * vitest.e2e.config.ts alias it here). Test files import plain helpers from src/shared
 * (limits, backup, validate) whose modules reach src/shared/browser.ts; the polyfill throws
 * on load outside an extension. Unit tests that need the browser layer mock
 * src/shared/browser.ts; any other use fails loudly.
 */
const notAnExtension: unknown = new Proxy(
  {},
  {
    get(_target, name) {
      throw new Error(`browser.${String(name)}: the e2e test process is not an extension`);
    },
  },
);
export default notAnExtension;
