/** `tagwright extract` on the fixture shop: one JSON line per URL with what was read and from where; blocked and broken URLs say why. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { expectations, type FixtureShop, startFixtureShop } from '../fixtures/shop/start-fixture-shop.ts';
import { runCli } from './run-cli.ts';

let shop: FixtureShop;
beforeAll(async () => {
  shop = await startFixtureShop();
});
afterAll(() => shop?.stop());

test('prints one line per URL: fields, sources and where the page ended up; a forbidden address is refused with the reason', async () => {
  const mug = `${shop.url}${expectations['jsonld-mug'].path}`;
  const vase = `${shop.url}${expectations['image-price-vase'].path}`;
  const run = runCli(['extract', '--ocr', mug, vase, 'http://10.0.0.1/admin'], { CRAWL_ALLOW_HOSTS: shop.host });
  const code = await run.exited;
  const lines = run
    .output()
    .stdout.trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines).toHaveLength(3);
  expect(lines[0]).toMatchObject({
    url: mug,
    name: 'Enamel Camp Mug 350 ml',
    price: { amount: '12.99', currency: 'USD' },
    sku: 'MUG-001',
    gtin: '4006381333931',
    availability: 'InStock',
    sources: { name: 'jsonld', price: 'jsonld' },
    status: 200,
  });
  // The vase's price is only in a picture: OCR reads it.
  expect(lines[1]).toMatchObject({ url: vase, price: { amount: '34.95', currency: 'EUR' }, sources: { price: 'ocr' } });
  expect(lines[2]).toMatchObject({ url: 'http://10.0.0.1/admin', error: expect.stringMatching(/private address.*CRAWL_ALLOW_HOSTS/) });
  expect(code).toBe(1);
});

test('a URL that is not http(s) is a usage error', async () => {
  const run = runCli(['extract', 'file:///etc/passwd']);
  expect(await run.exited).toBe(2);
  expect(run.output().stderr).toMatch(/not an http\(s\) URL/);
});
