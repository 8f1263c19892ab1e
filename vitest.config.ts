import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/waitFor.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Polled assertions wait like `vi.waitFor` does (test/setup/waitFor.ts): 10 s, not 1 s, because a
    // busy moment on two cores can stretch a page's answer past one second.
    expect: { poll: { timeout: 10_000, interval: 50 } },
    // Integration suites start real servers and child processes; two cores is the budget.
    maxWorkers: 2,
  },
});
