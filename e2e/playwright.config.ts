// End-to-end tests against serve mode, in Debian's Chromium (Playwright cannot
// download its own browsers here). Each test gets its own server and a
// temporary database (fixtures/serveMode.ts); Playwright launches the browser
// with a fresh temporary profile every time, so no state leaks between runs.
// Build first: `npm run build` (the tests run dist/, not the sources).

import { defineConfig } from '@playwright/test';

export const CHROMIUM_LAUNCH_OPTIONS = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  // Screenshots and traces of failures; E2E_OUTPUT_DIR keeps parallel local runs apart.
  outputDir: process.env.E2E_OUTPUT_DIR ?? '../test-results',
  // Training competes for the same two cores: one test at a time.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  // The newcomer's path trains two short runs on CPU.
  timeout: 300_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 800 },
    launchOptions: CHROMIUM_LAUNCH_OPTIONS,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
  },
});
