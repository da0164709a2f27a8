import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The unit tier: plain functions in Node; files that need a DOM opt into jsdom with a
// `// @vitest-environment jsdom` comment on their first line.
export default defineConfig({
  // Modules of src/shared load the browser layer, which throws outside an extension; files
  // that need it mock src/shared/browser.ts (tests/unit/seam-mock.ts).
  resolve: {
    alias: { 'webextension-polyfill': fileURLToPath(new URL('./tests/support/not-an-extension.ts', import.meta.url)) },
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // Property tests run 10,000 cases: a few seconds each, more on a busy 2-core machine.
    testTimeout: 30_000,
  },
});
