/**
 * Bad-input corpus, product pages: a page that never finishes loading, scrolls forever, is tens of
 * MB, is a download, answers 500 or redirects forever — each run through a real label_run (Chromium,
 * SSRF guard, tesseract) fails only its own item with the reason, within the page limits, while the
 * good product in the same job still succeeds.
 */
import { expect, test } from 'vitest';
import { useCrawlCorpus } from './crawl-corpus.ts';

const corpus = useCrawlCorpus();

async function badPage(path: string) {
  const items = await corpus.run({ 'GOOD-1': `${corpus.site.url}/product`, 'BAD-1': `${corpus.site.url}${path}` });
  expect(items['GOOD-1']).toMatchObject({ status: 'succeeded', error: null });
  return items['BAD-1'];
}

test('a page that never finishes loading fails its item with a timeout', { timeout: 90_000 }, async () => {
  const item = await badPage('/hang');
  expect(item?.status).toBe('failed');
  expect(item?.error).toMatch(/\/hang did not load within \d+ s/);
});

test('an infinite-scroll page ends: its item is checked without hanging', { timeout: 90_000 }, async () => {
  const item = await badPage('/endless');
  expect(['succeeded', 'failed']).toContain(item?.status);
  if (item?.status === 'failed') expect(item.error).toMatch(/\w/);
});

test('a huge page (40 MB) fails its item with the size limit', { timeout: 90_000 }, async () => {
  const item = await badPage('/huge?mb=40');
  expect(item?.status).toBe('failed');
  expect(item?.error).toMatch(/MB|too large|limit/i);
});

test('a download-only response fails its item saying it is not a web page', { timeout: 90_000 }, async () => {
  const item = await badPage('/download');
  expect(item?.status).toBe('failed');
  expect(item?.error).toMatch(/download|attachment|not a web page|octet-stream|html/i);
});

test('a 500 fails its item with the status', { timeout: 90_000 }, async () => {
  const item = await badPage('/error');
  expect(item?.status).toBe('failed');
  expect(item?.error).toMatch(/500/);
});

test('a page that redirects forever fails its item saying so', { timeout: 90_000 }, async () => {
  const item = await badPage('/loop');
  expect(item?.status).toBe('failed');
  expect(item?.error).toMatch(/redirect/i);
});
