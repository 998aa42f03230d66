/**
 * `tagwright run` as a user runs it with nothing set up: a CSV and a starter template in, the
 * local stack started for the command, every product page checked, and a folder of labels out —
 * PNGs that scan, PDFs, the sheet PDF for the stock — with the JSON summary as the last line.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@tagwright/stack';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCliToEnd } from './run-cli.ts';

const page = (name: string, sku: string, price: string, gtin13: string) => `<title>${name}</title>
  <script type="application/ld+json">${JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'Product',
    name,
    sku,
    gtin13,
    offers: { '@type': 'Offer', price, priceCurrency: 'EUR', availability: 'https://schema.org/InStock' },
  })}</script><h1>${name}</h1><p style="font-size:30px">${price} €</p>`;
const pages: Record<string, string> = {
  '/oat': page('Organic Oat Milk 1L', 'OAT-1L', '2.49', '4006381333931'),
  '/board': page('Bamboo Cutting Board', 'BB-42', '31.90', '4012345678901'),
};

let dir = '';
let shop: http.Server;
let shopHost = '';
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-cli-run-'));
  await fs.chmod(dir, 0o755); // root runs Postgres as another user, who must reach the data folder
  shop = http.createServer((req, res) => {
    const body = pages[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html' }).end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopHost = `127.0.0.1:${(shop.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => shop?.close(resolve));
  await fs.rm(dir, { recursive: true, force: true });
});

test('a spreadsheet and a starter template become a folder of labels and a sheet PDF', async () => {
  const csv = path.join(dir, 'products.csv');
  await fs.writeFile(
    csv,
    `SKU,Name,Price,Currency,EAN,URL\nOAT-1L,Organic Oat Milk 1L,2.49,EUR,4006381333931,http://${shopHost}/oat\nBB-42,Bamboo Cutting Board,29.90,EUR,4012345678901,http://${shopHost}/board\n`,
  );
  const out = path.join(dir, 'out');
  const { code, stdout, stderr } = await runCliToEnd(
    [
      'run',
      '--products',
      csv,
      '--template',
      'Shelf price tag',
      '--out',
      out,
      '--data-dir',
      path.join(dir, 'data'),
      '--db-port',
      String(await freePort()),
    ],
    { CRAWL_ALLOW_HOSTS: shopHost, PIPELINE_CONCURRENCY: '2' },
  );
  expect(stdout, stderr).toMatch(/\}\n$/);
  const summary = JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null');
  expect(summary, stderr).toMatchObject({ status: 'succeeded', products: 2, labels: 2, verified: 1, unverified: 1, failed: 0 });
  expect(code).toBe(0);
  expect(stderr).toMatch(/\[#{20}\] 100% done — 2\/2 products/);
  const files = (await fs.readdir(out)).sort();
  expect(files).toEqual(['BB-42.pdf', 'BB-42.png', 'OAT-1L.pdf', 'OAT-1L.png', 'labels.pdf', 'sheet-avery-l7160.pdf']);
  expect(summary.files.sort()).toEqual(files);
  expect(execFileSync('zbarimg', ['--nodbus', '-q', path.join(out, 'OAT-1L.png')], { encoding: 'utf8' }).trim()).toBe(
    'EAN-13:4006381333931',
  );
  expect(execFileSync('pdfinfo', [path.join(out, 'sheet-avery-l7160.pdf')], { encoding: 'utf8' })).toMatch(/Pages:\s+1\b[\s\S]*\(A4\)/);
  expect(execFileSync('pdftotext', [path.join(out, 'BB-42.pdf'), '-'], { encoding: 'utf8' })).toMatch(/NOT VERIFIED: price/);
}, 240_000);

test('bad command lines say what to fix', async () => {
  const noTemplate = await runCliToEnd(['run', '--products', 'x.csv']);
  expect(noTemplate.code).toBe(2);
  expect(noTemplate.stderr).toMatch(/--template NAME or --template FILE\.json/);
  const badPolicy = await runCliToEnd(['run', '--products', 'x.csv', '--template', 'T', '--policy', 'some']);
  expect(badPolicy.code).toBe(2);
  expect(badPolicy.stderr).toMatch(/--policy must be one of all, verified, mark_unverified/);
  const badStock = await runCliToEnd(['run', '--products', 'x.csv', '--template', 'T', '--stock', 'avery-9999']);
  expect(badStock.stderr).toMatch(/Unknown label stock "avery-9999"; use one of: avery-l7160/);
});
