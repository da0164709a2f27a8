import { defineConfig } from 'vitest/config';

// The unit tier: plain functions in Node; files that need a DOM opt into jsdom with a
// `// @vitest-environment jsdom` comment on their first line.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // Property tests run 10,000 cases: a few seconds each, more on a busy 2-core machine.
    testTimeout: 30_000,
  },
});
