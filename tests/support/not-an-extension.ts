/**
 * What `webextension-polyfill` is in the e2e test process (vitest.e2e.config.ts aliases it
 * here). Test files import plain helpers from src/shared (limits, backup) whose modules
 * reach src/shared/browser.ts; the polyfill throws on load outside an extension. The tests
 * themselves never call the browser layer from Node: any use fails loudly.
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
