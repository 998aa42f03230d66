/**
 * The demo shop `npm start` serves on 127.0.0.1 (TAGWRIGHT_DEMO_SHOP_PORT, default 54330): one
 * product page per demo product, written like real shops write them (JSON-LD, a visible price,
 * a stock line), so a first job has real pages to check without leaving the machine.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { type DemoProduct, demoProducts } from './demo-products.ts';

const escapeHtml = (text: string) => text.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function productPage(p: DemoProduct): string {
  const name = p.page?.name ?? p.name;
  const price = p.page?.price ?? p.price;
  const currency = p.page?.currency ?? p.currency;
  const inStock = !p.page?.outOfStock;
  const shown = currency === 'EUR' ? `${price.replace('.', ',')} €` : `$${price}`;
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name,
    sku: p.sku,
    gtin13: p.gtin,
    offers: { '@type': 'Offer', price, priceCurrency: currency, availability: `https://schema.org/${inStock ? 'InStock' : 'OutOfStock'}` },
  };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(name)} | Tagwright Demo Grocer</title>
<script type="application/ld+json">${JSON.stringify(jsonLd).replace(/</g, '\\u003c')}</script>
<style>body{font-family:sans-serif;max-width:760px;margin:40px auto;color:#1e293b}.price{font-size:36px;font-weight:700;color:#0f766e}
.stock{color:${inStock ? '#15803d' : '#b91c1c'}}nav{font-size:13px;color:#64748b;margin-bottom:24px}dl{display:grid;grid-template-columns:8rem 1fr}</style></head>
<body><nav>Tagwright Demo Grocer › Pantry</nav><h1>${escapeHtml(name)}</h1>
<p class="price">${escapeHtml(shown)}</p><p class="stock">${inStock ? 'In stock' : 'Out of stock'}</p>
<dl><dt>Article no.</dt><dd>${escapeHtml(p.sku)}</dd><dt>EAN</dt><dd>${p.gtin}</dd></dl>
<p>Freshly stocked every week. Price includes VAT.</p></body></html>`;
}

export interface DemoShop {
  url: string;
  host: string;
  urlOf(sku: string): string;
  stop(): Promise<void>;
}

export const DEFAULT_DEMO_SHOP_PORT = 54330;

export async function startDemoShop(port = DEFAULT_DEMO_SHOP_PORT): Promise<DemoShop> {
  const bySlug = new Map(demoProducts.map((p) => [`/p/${p.sku.toLowerCase()}`, p]));
  const server = http.createServer((req, res) => {
    const product = bySlug.get((req.url ?? '').split('?')[0] ?? '');
    if (!product || product.page?.gone) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<h1>Page not found</h1>');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(productPage(product));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actual = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${actual}`;
  return {
    url,
    host: `127.0.0.1:${actual}`,
    urlOf: (sku) => `${url}/p/${sku.toLowerCase()}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
