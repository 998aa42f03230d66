/** Extraction on real pages rendered by Chromium: structured data, microdata, meta, and the visible page alone. */
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { findChromium } from '../browser/find-chromium.ts';
import { extractPage } from './extract-page.ts';

let browser: Browser;
let page: Page;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: findChromium().executablePath,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  page = await browser.newPage();
});
afterAll(async () => {
  await browser?.close();
});

async function extract(html: string) {
  await page.setContent(html);
  const { extraction } = await extractPage(page);
  return {
    name: extraction.name?.value ?? null,
    price: extraction.price ? { amount: extraction.price.price.amount, currency: extraction.price.price.currency } : null,
    sku: extraction.sku?.value ?? null,
    gtin: extraction.gtin?.value ?? null,
    availability: extraction.availability?.value ?? null,
    sources: {
      name: extraction.name?.source,
      price: extraction.price?.source,
    },
  };
}

test('JSON-LD in a @graph with an Offer', async () => {
  const ld = {
    '@context': 'https://schema.org',
    '@graph': [
      { '@type': 'WebSite', name: 'Green Grocer' },
      {
        '@type': 'Product',
        name: 'Organic Oat Milk 1L',
        sku: 'OAT-1L',
        gtin13: '4006381333931',
        offers: { '@type': 'Offer', price: '2.49', priceCurrency: 'EUR', availability: 'https://schema.org/InStock' },
      },
    ],
  };
  const found = await extract(
    `<title>Oat milk | Green Grocer</title><script type="application/ld+json">${JSON.stringify(ld)}</script><h1>Organic Oat Milk</h1><span class="price">2,49 €</span>`,
  );
  expect(found).toMatchObject({
    name: 'Organic Oat Milk 1L',
    price: { amount: '2.49', currency: 'EUR' },
    sku: 'OAT-1L',
    gtin: '4006381333931',
    availability: 'InStock',
    sources: { name: 'jsonld', price: 'jsonld' },
  });
});

test('microdata with nested offers', async () => {
  const found = await extract(`
    <div itemscope itemtype="https://schema.org/Product">
      <h1 itemprop="name">Steel Bottle 750 ml</h1>
      <span itemprop="sku">BTL-750</span>
      <div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
        <meta itemprop="priceCurrency" content="USD"><span itemprop="price" content="24.99">$24.99</span>
        <link itemprop="availability" href="https://schema.org/OutOfStock">
      </div>
    </div>`);
  expect(found).toMatchObject({
    name: 'Steel Bottle 750 ml',
    price: { amount: '24.99', currency: 'USD' },
    sku: 'BTL-750',
    availability: 'OutOfStock',
  });
});

test('no structured data: heading, the prominent current price (not the struck-through one), table SKU/EAN, stock text', async () => {
  const found = await extract(`
    <title>Bamboo Cutting Board – Kitchen Shop</title>
    <h1>Bamboo Cutting Board</h1>
    <div class="pricing"><del style="font-size:14px">€ 39,90</del> <span style="font-size:32px" class="sale">€ 29,90</span></div>
    <p style="font-size:12px">Shipping from € 4,90</p>
    <table><tr><th>Art.-Nr.</th><td>BB-42</td></tr><tr><th>EAN</th><td>4006381333931</td></tr></table>
    <p>Sold out</p>`);
  expect(found).toMatchObject({
    name: 'Bamboo Cutting Board',
    price: { amount: '29.90', currency: 'EUR' },
    sku: 'BB-42',
    gtin: '4006381333931',
    availability: 'OutOfStock',
    sources: { price: 'dom' },
  });
});

test('a price split across elements and a Swiss price with apostrophes', async () => {
  expect((await extract(`<h1>Chair</h1><div class="product-price"><span>12</span><sup>,99</sup> <span>€</span></div>`)).price).toEqual({
    amount: '12.99',
    currency: 'EUR',
  });
  expect((await extract(`<h1>Sofa</h1><div class="price" style="font-size:28px">CHF 1'234.50</div>`)).price).toEqual({
    amount: '1234.50',
    currency: 'CHF',
  });
});

test('broken JSON-LD is skipped and the page is still read', async () => {
  const found = await extract(
    `<script type="application/ld+json">{ "@type": "Product", name: broken </script><h1>Lamp</h1><span class="price">$15.00</span>`,
  );
  expect(found).toMatchObject({ name: 'Lamp', price: { amount: '15.00', currency: 'USD' } });
});
