/** OCR on images Chromium renders: a price only in an image is read right; words come with boxes; cancel stops waiting. */
import { parsePrice } from '@tagwright/shared';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findChromium } from '../browser/find-chromium.ts';
import { type OcrPool, startOcrPool } from './ocr-pool.ts';

let browser: Browser;
let page: Page;
let ocr: OcrPool;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: findChromium().executablePath,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  page = await browser.newPage();
  ocr = startOcrPool({ workers: 2 });
});
afterAll(async () => {
  await ocr?.stop();
  await browser?.close();
});

async function render(html: string): Promise<Buffer> {
  await page.setContent(
    `<div id="x" style="display:inline-block;padding:12px;font:bold 40px sans-serif;background:#fff;color:#111">${html}</div>`,
  );
  return page.locator('#x').screenshot();
}

test.each([
  ['€ 1.234,56', '1234.56', 'EUR'],
  ['$12.99', '12.99', 'USD'],
  ['CHF 49.90', '49.90', 'CHF'],
  ['£7.50', '7.50', 'GBP'],
])('the price %s read from an image', async (html, amount, currency) => {
  const result = await ocr.recognize(await render(html));
  expect(parsePrice(result.text)).toMatchObject({ amount, currency });
  expect(result.confidence).toBeGreaterThan(50);
});

test('words come with boxes inside the image', async () => {
  const result = await ocr.recognize(await render('Organic Oat Milk'));
  expect(result.words.map((w) => w.text)).toEqual(['Organic', 'Oat', 'Milk']);
  for (const w of result.words) {
    expect(w.box.width).toBeGreaterThan(10);
    expect(w.box.x).toBeGreaterThanOrEqual(0);
  }
  expect(result.words[1]?.box.x).toBeGreaterThan(result.words[0]?.box.x ?? 0);
});

test('an aborted recognition rejects with the reason at once', async () => {
  const image = await render('Cancel me please');
  const controller = new AbortController();
  const pending = ocr.recognize(image, controller.signal);
  controller.abort(new Error('job canceled'));
  await expect(pending).rejects.toThrow('job canceled');
  // The pool keeps working afterwards.
  expect((await ocr.recognize(await render('$3.00'))).text).toContain('3.00');
});
