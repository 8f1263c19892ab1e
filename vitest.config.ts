import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/waitFor.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration suites start real servers and child processes; two cores is the budget.
    maxWorkers: 2,
  },
});
