import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// End-to-end tests drive real browsers: one file at a time on a two-core machine.
export default defineConfig({
  // Helpers from src/shared load the browser layer, which throws outside an extension.
  resolve: {
    alias: { 'webextension-polyfill': fileURLToPath(new URL('./tests/support/not-an-extension.ts', import.meta.url)) },
  },
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 60_000,
    // Skipped tests are listed after the summary (tests/support/skip-reporter.ts).
    reporters: ['default', './tests/support/skip-reporter.ts'],
  },
});
