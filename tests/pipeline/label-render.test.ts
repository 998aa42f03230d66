/**
 * The render stage of label_run as a user sees it: labels rendered with the spreadsheet's values
 * and stored (PNG that scans, exact-size PDF, ZPL), the job's combined PDF, N-up sheet and ZPL file
 * listed on the job; the "verified only" and "mark unverified" policies; a product the template
 * can't print fails only its item with the reason; a broken template fails the job before any crawl.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { starterTemplates, template as templateSchema } from '@tagwright/shared';
import { startTestStack, type TestStack } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { labelRunHandler } from '../../worker/src/kinds/label-run.ts';
import { type ProcessResources, processResources } from '../../worker/src/pipeline/process-resources.ts';
import { createWorkspace, eventTypes, insertJob, jobRow, testWorkers } from '../../worker/src/testing.ts';

const product = (name: string, sku: string, price: string, gtin: string) => `<title>${name}</title>
  <script type="application/ld+json">${JSON.stringify({
    '@context': 'https://schema.org',
    '@type': 'Product',
    name,
    sku,
    gtin13: gtin,
    offers: { '@type': 'Offer', price, priceCurrency: 'EUR', availability: 'https://schema.org/InStock' },
  })}</script><h1>${name}</h1><p class="price" style="font-size:30px">${price.replace('.', ',')} €</p>`;

const pages: Record<string, string> = {
  '/oat': product('Organic Oat Milk 1L', 'OAT-1L', '2.49', '4006381333931'),
  '/board': product('Bamboo Cutting Board', 'BB-42', '31.90', '4012345678901'),
  '/tea': product('Green Tea 20 bags', 'TEA-20', '3.20', '4000000000000'),
};

let t: TestStack;
let shop: http.Server;
let resources: ProcessResources | undefined;
let dir = '';

beforeAll(async () => {
  t = await startTestStack();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-label-render-'));
  shop = http.createServer((req, res) => {
    const body = pages[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  const host = `127.0.0.1:${(shop.address() as AddressInfo).port}`;
  resources = processResources({
    ...process.env,
    SUPABASE_URL: t.url,
    SUPABASE_SERVICE_ROLE_KEY: t.serviceRoleKey,
    CRAWL_ALLOW_HOSTS: host,
    PIPELINE_CONCURRENCY: '2',
  });
  (globalThis as { shopUrl?: string }).shopUrl = `http://${host}`;
});
afterAll(async () => {
  await resources?.close();
  await new Promise((resolve) => shop?.close(resolve));
  await t?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

const shopUrl = () => (globalThis as { shopUrl?: string }).shopUrl ?? '';

/** A workspace with the three products (the board's sheet price disagrees with its page; the tea's GTIN has a wrong check digit). */
async function workspace(elements = templateSchema.parse(starterTemplates[0]).elements) {
  const { sql } = t.db;
  const ws = await createWorkspace(sql, `W${Math.random()}`);
  await sql`
    insert into products (workspace_id, sku, name, price, currency, gtin, url) values
      (${ws}, 'OAT-1L', 'Organic Oat Milk 1L', 2.49, 'EUR', '4006381333931', ${`${shopUrl()}/oat`}),
      (${ws}, 'BB-42', 'Bamboo Cutting Board', 29.90, 'EUR', '4012345678901', ${`${shopUrl()}/board`}),
      (${ws}, 'TEA-20', 'Green Tea 20 bags', 3.20, 'EUR', '4000000000001', ${`${shopUrl()}/tea`})`;
  const [row] = await sql<{ id: string }[]>`
    insert into templates (workspace_id, name, width_mm, height_mm, dpi, stock, elements)
    values (${ws}, 'Shelf', 63.5, 38.1, 300, 'avery-l7160', ${sql.json(elements as never)}) returning id`;
  return { ws, template: row?.id ?? '' };
}

async function run(ws: string, params: Record<string, unknown>, expected = 'succeeded') {
  const workers = testWorkers(t.db.url);
  await workers.start({ handlers: [labelRunHandler(() => (resources as ProcessResources).get()) as never], concurrency: 1 });
  try {
    const job = await insertJob(t.db.sql, ws, { kind: 'label_run', params: params as never });
    await expect.poll(async () => (await jobRow(t.db.sql, job.id)).status, { timeout: 90_000, interval: 200 }).toBe(expected);
    return jobRow(t.db.sql, job.id);
  } finally {
    await workers.stopAll();
  }
}

async function download(url: string, name: string): Promise<string> {
  const response = await fetch(url);
  expect(response.status).toBe(200);
  const file = path.join(dir, name);
  await fs.writeFile(file, Buffer.from(await response.arrayBuffer()));
  return file;
}

const tool = (command: string, args: string[]) => execFileSync(command, args, { encoding: 'utf8' });

test('labels are rendered, stored and listed; unverified ones carry a mark; a bad GTIN fails only its item', async () => {
  const { ws, template } = await workspace();
  const job = await run(ws, {
    skus: ['OAT-1L', 'BB-42', 'TEA-20'],
    template_id: template,
    outputs: ['png', 'pdf', 'sheet', 'zpl'],
    policy: 'mark_unverified',
    sheet: { offset_x_mm: 1.5 },
  });
  const { sql } = t.db;
  const labels = await sql<{ sku: string; verified: boolean; unverified: string[]; png_url: string; pdf_url: string; zpl_url: string }[]>`
    select p.sku, l.verified, l.unverified, l.png_url, l.pdf_url, l.zpl_url
    from labels l join products p on p.id = l.product_id where l.job_id = ${job.id} order by p.sku`;
  expect(labels.map((l) => [l.sku, l.verified, l.unverified])).toEqual([
    ['BB-42', false, ['price']],
    ['OAT-1L', true, []],
  ]);

  const [tea] = await sql<{ status: string; error: string }[]>`
    select i.status::text, i.error from job_items i join products p on p.id = i.product_id where i.job_id = ${job.id} and p.sku = 'TEA-20'`;
  expect(tea).toEqual({
    status: 'failed',
    error: expect.stringMatching(/Label not printed: Element 4 \(ean13 barcode\).*check digit 1, but it should be 6/),
  });

  const oat = labels.find((l) => l.sku === 'OAT-1L');
  const png = await download(oat?.png_url ?? '', 'oat.png');
  expect(tool('zbarimg', ['--nodbus', '-q', png]).trim()).toBe('EAN-13:4006381333931');
  const pdf = await download(oat?.pdf_url ?? '', 'oat.pdf');
  expect(tool('pdfinfo', [pdf])).toMatch(/Page size:\s+180(\.\d+)? x 108(\.\d+)? pts/);
  const board = labels.find((l) => l.sku === 'BB-42');
  expect(tool('pdftotext', [await download(board?.pdf_url ?? '', 'board.pdf'), '-'])).toMatch(/NOT VERIFIED: price/);
  expect(tool('pdftotext', [pdf, '-'])).not.toMatch(/NOT VERIFIED/);
  const zpl = await (await fetch(oat?.zpl_url ?? '')).text();
  expect(zpl).toMatch(/^\^XA\n[\s\S]*\^BEN,\d+,Y,N\^FD400638133393\^FS[\s\S]*\^XZ\n$/);

  const outputs = job.outputs as Record<string, { url: string; pages?: number; labels: number }>;
  expect(Object.keys(outputs).sort()).toEqual(['labels_pdf', 'sheet_pdf', 'zpl']);
  const combined = await download(outputs.labels_pdf?.url ?? '', 'labels.pdf');
  expect(tool('pdfinfo', [combined])).toMatch(/Pages:\s+2\b/);
  const sheet = await download(outputs.sheet_pdf?.url ?? '', 'sheet.pdf');
  expect(tool('pdfinfo', [sheet])).toMatch(/Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)/);
  expect(outputs.sheet_pdf).toMatchObject({ pages: 1, labels: 2 });
  const allZpl = await (await fetch(outputs.zpl?.url ?? '')).text();
  expect(allZpl.match(/\^XA/g)).toHaveLength(2);
  expect(job.summary).toMatchObject({ labels: { printed: 2, verified: 1, policy: 'mark_unverified' }, items: { succeeded: 2, failed: 1 } });
});

test('"verified only" leaves out labels the page did not confirm, and says so', async () => {
  const { ws, template } = await workspace();
  const job = await run(ws, {
    skus: ['OAT-1L', 'BB-42'],
    template_id: template,
    outputs: ['sheet'],
    policy: 'verified',
    sheet: { stock: 'avery-l7163' },
  });
  const labels = await t.db.sql<{ sku: string }[]>`
    select p.sku from labels l join products p on p.id = l.product_id where l.job_id = ${job.id}`;
  expect(labels.map((l) => l.sku)).toEqual(['OAT-1L']);
  expect(await eventTypes(t.db.sql, job.id)).toContain('label:skipped');
  // the job's stock wins over the template's
  expect((job.outputs as Record<string, { labels: number; url: string }>).sheet_pdf).toMatchObject({
    labels: 1,
    url: expect.stringMatching(/sheet-avery-l7163\.pdf$/),
  });
});

test('a template that is not valid fails the job at once with what to fix', async () => {
  const { ws, template } = await workspace();
  await t.db
    .sql`update templates set elements = ${t.db.sql.json([{ type: 'barcode', x: 1, y: 1, width: 20, height: 10, symbology: 'ean14', value: '1' }] as never)} where id = ${template}`;
  const job = await run(ws, { skus: ['OAT-1L'], template_id: template }, 'failed');
  expect(job.error).toMatch(/Template "Shelf" is not valid — elements\.0\.symbology/);
  const items = await t.db.sql`select 1 from job_items where job_id = ${job.id}`;
  expect(items).toHaveLength(0);
});
