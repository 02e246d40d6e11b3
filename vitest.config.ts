import { defineConfig } from 'vitest/config';

// Unit and integration suites run by default; the long stress suite only through `npm run test:stress`.
export default defineConfig({
  test: {
    globalSetup: ['test/support/temp-root.ts'],
    include: ['test/**/*.test.ts'],
    exclude: ['test/stress/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
