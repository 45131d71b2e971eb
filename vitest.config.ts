import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // A turn of the event loop before each test (the helper says why).
    setupFiles: ['test/helpers/yield-between-tests.ts'],
  },
});
