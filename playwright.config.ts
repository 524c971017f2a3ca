import { defineConfig } from '@playwright/test';

/**
 * Browser tests against the UI server, a real redis-server, the controller and the worker. The build
 * is made once (e2e/global-setup.ts); each Playwright worker starts a system of its own on it
 * (e2e/support/fixtures.ts), so spec files run two at a time while the tests of one file share one
 * system in order.
 */
export default defineConfig({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  workers: 2,
  fullyParallel: false,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  outputDir: 'test-results/e2e',
  reporter: [['list']],
  use: {
    baseURL: process.env.E2E_BASE_URL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
