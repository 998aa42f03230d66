/**
 * Finding Chromium (env, system, Playwright's, or the one command to run) and the worker's browser:
 * pages reused from the pool, the network closed to anything but the crawl guard, a clean close.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type FixtureShop, startFixtureShop } from '../../../tests/fixtures/shop/start-fixture-shop.ts';
import { ChromiumNotFoundError, findChromium } from './find-chromium.ts';
import { launchBrowser, type WorkerBrowser } from './launch-browser.ts';

let shop: FixtureShop;
let browser: WorkerBrowser;
beforeAll(async () => {
  [shop, browser] = await Promise.all([startFixtureShop(), launchBrowser({ size: 2 })]);
});
afterAll(async () => {
  await browser?.close();
  await shop?.stop();
});

test('finds the system Chromium binary, not the /usr/bin wrapper script', () => {
  const found = findChromium({ env: {} });
  if (fs.existsSync('/usr/lib/chromium/chromium'))
    expect(found).toEqual({ executablePath: '/usr/lib/chromium/chromium', source: 'system' });
  else expect(['system', 'playwright']).toContain(found.source);
});

test('CHROMIUM_PATH wins, and a wrong one says so', () => {
  const real = findChromium({ env: {} }).executablePath;
  expect(findChromium({ env: { CHROMIUM_PATH: real } })).toEqual({ executablePath: real, source: 'env' });
  expect(() => findChromium({ env: { CHROMIUM_PATH: '/nope/chromium' } })).toThrow(
    'CHROMIUM_PATH=/nope/chromium is not an executable file; point it at a Chromium binary or unset it',
  );
});

test("falls back to Playwright's browser, else names the one command to run", () => {
  const real = findChromium({ env: {} }).executablePath;
  expect(findChromium({ env: {}, systemPaths: [], playwrightPath: () => real })).toEqual({ executablePath: real, source: 'playwright' });
  const none = { env: {}, systemPaths: [], playwrightPath: () => '/nope/chrome' };
  expect(() => findChromium({ ...none, isRoot: true })).toThrow(ChromiumNotFoundError);
  expect(() => findChromium({ ...none, isRoot: true })).toThrow(
    'No Chromium found for the crawler; run `apt-get install -y chromium` (or set CHROMIUM_PATH to a Chromium binary)',
  );
  expect(() => findChromium({ ...none, isRoot: false })).toThrow(/run `npx playwright install chromium`/);
});

test('pages are reused, at most `size` open, a third caller waits for one', async () => {
  const seen = new Set<unknown>();
  let release!: () => void;
  const held = new Promise<void>((r) => {
    release = r;
  });
  let lent = 0;
  let bothLent!: () => void;
  const bothLentNow = new Promise<void>((r) => {
    bothLent = r;
  });
  const hold = () =>
    browser.withPage(async (page) => {
      seen.add(page);
      if (++lent === 2) bothLent();
      await held;
    });
  const [first, second] = [hold(), hold()];
  let thirdRan = false;
  const third = browser.withPage(async (page) => {
    thirdRan = true;
    seen.add(page);
  });
  try {
    await bothLentNow;
    expect(thirdRan).toBe(false);
    expect(browser.open()).toBe(2);
  } finally {
    release();
  }
  await Promise.all([first, second, third]);
  expect(thirdRan).toBe(true);
  expect(seen.size).toBe(2);
  expect(browser.open()).toBe(2);
});

test('a page used without the crawl guard cannot reach the network (fails closed)', async () => {
  const error = await browser.withPage((page) => page.goto(`${shop.url}/p/jsonld-mug`, { timeout: 5000 })).catch((e: Error) => e);
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toMatch(/net::ERR_/);
  expect(shop.hits('/p/jsonld-mug')).toBe(0);
  expect(browser.escapes().some((target) => target.includes(shop.host))).toBe(true);
});

test('a cancelled wait for a page rejects with the reason', async () => {
  const controller = new AbortController();
  let release!: () => void;
  const held = new Promise<void>((r) => {
    release = r;
  });
  const busy = [browser.withPage(() => held), browser.withPage(() => held)];
  const waiting = browser.withPage(async () => 'never', controller.signal);
  controller.abort(new Error('job canceled'));
  await expect(waiting).rejects.toThrow('job canceled');
  release();
  await Promise.all(busy);
});

test('close ends the browser; the pool refuses new work with a clear message', async () => {
  const own = await launchBrowser({ size: 1 });
  await own.withPage(async (page) => page.setContent('<title>ok</title>'));
  await own.close();
  expect(own.browser.isConnected()).toBe(false);
  await expect(own.withPage(async () => 1)).rejects.toThrow('the page pool is closed; launch a new browser');
});
