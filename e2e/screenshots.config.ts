// `npm run screenshots`: one 1280×800 screenshot of each view, with real
// training data, written to ./screenshots/ (git-ignored). Same browser and
// server fixture as the e2e suite.

import { defineConfig } from '@playwright/test';
import e2eConfig from './playwright.config.js';

export default defineConfig({
  ...e2eConfig,
  testMatch: 'screenshots.ts',
  timeout: 900_000,
  use: { ...e2eConfig.use, screenshot: 'off', trace: 'off' },
});
