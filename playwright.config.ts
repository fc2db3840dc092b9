import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive Debian's Chromium (no Playwright browser download here) against the
 * built renderer, with the preload's bridge replaced by one that calls the real service and store
 * in the test process. See test/e2e/harness.ts.
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'test-results',
  timeout: 60_000,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    screenshot: 'only-on-failure',
    trace: 'off',
  },
});
