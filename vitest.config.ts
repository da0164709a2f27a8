import { defineConfig } from 'vitest/config';

// The unit tier: plain functions in Node; files that need a DOM opt into jsdom with a
// `// @vitest-environment jsdom` comment on their first line.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
  },
});
