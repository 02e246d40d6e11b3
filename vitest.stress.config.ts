import { defineConfig } from 'vitest/config';

// The long limit tests (`npm run test:stress`): huge documents, huge numbers of scenarios and runs.
export default defineConfig({
  test: {
    globalSetup: ['test/support/temp-root.ts'],
    include: ['test/stress/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
