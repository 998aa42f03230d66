/**
 * The dashboard's end-to-end suite (`npm run test:e2e`, also part of `npm test`): a real
 * `tagwright start` (stack, worker, dashboard, demo shop) in a temp folder on free ports, driven
 * with the same Chromium the worker uses. Screenshots of every page land in test-results/screens.
 */
import { defineConfig } from '@playwright/test';
import { findChromium } from '../worker/src/browser/find-chromium.ts';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './start-app.ts',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: '../test-results/e2e.json' }]],
  outputDir: '../test-results/e2e',
  use: {
    baseURL: process.env.E2E_BASE_URL,
    viewport: { width: 1280, height: 860 },
    launchOptions: { executablePath: findChromium().executablePath, args: ['--no-sandbox', '--disable-gpu'] },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
