/**
 * label_run end to end on the local stack: products pointing at a small local shop, a real worker,
 * Chromium, OCR and Storage; the job's items, screenshots, OCR results and verdicts land in the
 * database as a user would see them, and a rerun of the same job adds no duplicate rows.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestStack, type TestStack } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { labelRunHandler } from '../../worker/src/kinds/label-run.ts';
import { type ProcessResources, processResources } from '../../worker/src/pipeline/process-resources.ts';
import { createWorkspace, insertJob, jobRow, testWorkers } from '../../worker/src/testing.ts';

const pages: Record<string, string> = {
  '/oat-milk': `<title>Organic Oat Milk 1L | Green Grocer</title>
    <script type="application/ld+json">${JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'Product',
      name: 'Organic Oat Milk 1L',
      sku: 'OAT-1L',
      gtin13: '4006381333931',
      offers: { '@type': 'Offer', price: '2.49', priceCurrency: 'EUR', availability: 'https://schema.org/InStock' },
    })}</script>
    <h1>Organic Oat Milk 1L</h1><p class="price" style="font-size:30px">2,49 €</p>`,
  '/board': `<title>Bamboo Cutting Board – Kitchen Shop</title><h1>Bamboo Cutting Board</h1>
    <div><del>€ 39,90</del> <span class="price" style="font-size:32px">€ 31,90</span></div>
    <table><tr><th>SKU</th><td>BB-42</td></tr></table><p>In stock</p>`,
};

let t: TestStack;
let shop: http.Server;
let shopUrl = '';
let ws = '';

beforeAll(async () => {
  t = await startTestStack();
  shop = http.createServer((req, res) => {
    const body = pages[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(body ?? '<h1>Not found</h1>');
  });
  await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
  shopUrl = `http://127.0.0.1:${(shop.address() as AddressInfo).port}`;
  resources = processResources({
    ...process.env,
    SUPABASE_URL: t.url,
    SUPABASE_SERVICE_ROLE_KEY: t.serviceRoleKey,
    CRAWL_ALLOW_HOSTS: new URL(shopUrl).host,
    PIPELINE_CONCURRENCY: '2',
  });
  ws = await createWorkspace(t.db.sql, 'Shop checks');
  await t.db.sql`
    insert into public.products (workspace_id, sku, name, price, currency, gtin, url) values
      (${ws}, 'OAT-1L', 'Organic Oat Milk 1L', 2.49, 'EUR', '4006381333931', ${`${shopUrl}/oat-milk`}),
      (${ws}, 'BB-42', 'Bamboo Cutting Board', 29.90, 'EUR', null, ${`${shopUrl}/board`}),
      (${ws}, 'GONE-1', 'Discontinued Lamp', 10, 'EUR', null, ${`${shopUrl}/gone`}),
      (${ws}, 'NO-URL', 'Product without a page', 1, 'EUR', null, null)`;
});
afterAll(async () => {
  await resources?.close();
  await new Promise((resolve) => shop?.close(resolve));
  await t?.stop();
});

let resources: ProcessResources | undefined;
/** Runs a worker until the job has succeeded. */
async function workUntilSucceeded(jobId: string): Promise<void> {
  const workers = testWorkers(t.db.url);
  await workers.start({ handlers: [labelRunHandler(() => (resources as ProcessResources).get()) as never], concurrency: 1 });
  try {
    await expect.poll(async () => (await jobRow(t.db.sql, jobId)).status, { timeout: 60_000, interval: 200 }).toBe('succeeded');
  } finally {
    await workers.stopAll();
  }
}

async function runJob(): Promise<string> {
  const [template] = await t.db.sql<{ id: string }[]>`
    insert into public.templates (workspace_id, name, width_mm, height_mm) values (${ws}, ${`T${Date.now()}`}, 60, 40) returning id`;
  const job = await insertJob(t.db.sql, ws, {
    kind: 'label_run',
    params: { skus: ['OAT-1L', 'BB-42', 'GONE-1', 'NO-URL'], template_id: template?.id ?? '' },
  });
  await workUntilSucceeded(job.id);
  return job.id;
}

/** Queues a finished job again, as a rerun or a resume after a crash, and runs it to the end. */
async function rerunJob(jobId: string): Promise<void> {
  await t.db.sql`update jobs set status = 'queued', run_at = now(), attempts = 0, finished_at = null where id = ${jobId}`;
  await workUntilSucceeded(jobId);
}

test('each product is checked: verdicts per field, evidence stored, failures and skips explained', async () => {
  const jobId = await runJob();
  const { sql } = t.db;
  const items = await sql<{ sku: string; status: string; error: string | null; http_status: number | null; page_title: string | null }[]>`
    select p.sku, i.status::text, i.error, i.http_status, i.page_title from job_items i join products p on p.id = i.product_id
    where i.job_id = ${jobId} order by p.sku`;
  expect(items).toEqual([
    { sku: 'BB-42', status: 'succeeded', error: null, http_status: 200, page_title: 'Bamboo Cutting Board – Kitchen Shop' },
    { sku: 'GONE-1', status: 'failed', error: expect.stringMatching(/returned 404/), http_status: null, page_title: null },
    { sku: 'NO-URL', status: 'skipped', error: expect.stringMatching(/no URL/), http_status: null, page_title: null },
    { sku: 'OAT-1L', status: 'succeeded', error: null, http_status: 200, page_title: 'Organic Oat Milk 1L | Green Grocer' },
  ]);

  const verdicts = await sql<{ sku: string; field: string; verdict: string; found: string | null; source: string | null }[]>`
    select p.sku, m.field, m.verdict::text, m.found, m.source::text from matches m join job_items i on i.id = m.job_item_id
    join products p on p.id = i.product_id where m.job_id = ${jobId} order by p.sku, m.field`;
  const of = (sku: string) => Object.fromEntries(verdicts.filter((v) => v.sku === sku).map((v) => [v.field, v.verdict]));
  expect(of('OAT-1L')).toEqual({ availability: 'match', currency: 'match', gtin: 'match', name: 'match', price: 'match', sku: 'match' });
  // The board's page shows 31,90 (the struck-through 39,90 is the old price): a price mismatch the user must see.
  expect(of('BB-42')).toMatchObject({ name: 'match', price: 'mismatch', sku: 'match', availability: 'match' });
  expect(verdicts.find((v) => v.sku === 'BB-42' && v.field === 'price')?.found).toBe('31.90');

  const shots = await sql<{ name: string; public_url: string | null }[]>`
    select s.name, s.public_url from screenshots s where s.job_id = ${jobId} order by s.name`;
  expect(shots.map((s) => s.name)).toEqual(expect.arrayContaining(['viewport', 'full_page', 'price', 'name']));
  for (const shot of shots) {
    const response = await fetch(shot.public_url ?? '');
    expect(response.headers.get('content-type')).toBe('image/png');
  }
  const ocrRows = await sql<{ status: string; text: string | null }[]>`select status::text, text from ocr_results where job_id = ${jobId}`;
  expect(ocrRows.length).toBeGreaterThanOrEqual(2);
  expect(ocrRows.every((r) => r.status === 'completed')).toBe(true);
  expect(ocrRows.map((r) => r.text).join(' ')).toMatch(/31[,.]90/);

  const job = await jobRow(sql, jobId);
  expect(job.summary).toMatchObject({
    items: { succeeded: 2, failed: 1, skipped: 1 },
    verdicts: { match: expect.any(Number), mismatch: expect.any(Number) },
  });
});

test('running the job again redoes only the failed item and adds no duplicate rows', async () => {
  const jobId = await runJob();
  const { sql } = t.db;
  const before = await sql<
    { n: number }[]
  >`select (select count(*) from matches where job_id = ${jobId})::int + (select count(*) from screenshots where job_id = ${jobId})::int as n`;
  await rerunJob(jobId);
  const after = await sql<
    { n: number }[]
  >`select (select count(*) from matches where job_id = ${jobId})::int + (select count(*) from screenshots where job_id = ${jobId})::int as n`;
  expect(after[0]?.n).toBe(before[0]?.n);
  const attempts = await sql<{ sku: string; attempts: number }[]>`
    select p.sku, i.attempts from job_items i join products p on p.id = i.product_id where i.job_id = ${jobId} order by p.sku`;
  expect(attempts).toEqual([
    { sku: 'BB-42', attempts: 1 },
    { sku: 'GONE-1', attempts: 2 },
    { sku: 'NO-URL', attempts: 0 },
    { sku: 'OAT-1L', attempts: 1 },
  ]);
});

test('an item checked by an attempt that stopped before printing gets its label on resume, without being checked again', async () => {
  const jobId = await runJob();
  const { sql } = t.db;
  const [oat] = await sql<{ id: string; png_path: string }[]>`
    delete from labels l using job_items i, products p
    where l.job_item_id = i.id and i.product_id = p.id and i.job_id = ${jobId} and p.sku = 'OAT-1L' returning l.id, l.png_path`;
  expect(oat?.png_path).toBeTruthy();
  await rerunJob(jobId);
  const [row] = await sql<{ png_path: string; attempts: number }[]>`
    select l.png_path, i.attempts from labels l join job_items i on i.id = l.job_item_id join products p on p.id = i.product_id
    where i.job_id = ${jobId} and p.sku = 'OAT-1L'`;
  expect(row).toEqual({ png_path: oat?.png_path, attempts: 1 });
});

/** Names of the Storage objects under a prefix (the `storage.objects` rows the stack keeps). */
async function objectsUnder(bucket: string, prefix: string): Promise<string[]> {
  const rows = await t.db.sql<{ name: string }[]>`
    select name from storage.objects where bucket_id = ${bucket} and starts_with(name, ${prefix}) order by name`;
  return rows.map((r) => r.name);
}

test('an item a worker died in the middle of is checked again from scratch: what the dead attempt stored is removed', async () => {
  const jobId = await runJob();
  const { sql } = t.db;
  const [oat] = await sql<{ id: string }[]>`
    select i.id from job_items i join products p on p.id = i.product_id where i.job_id = ${jobId} and p.sku = 'OAT-1L'`;
  const prefix = `${ws}/${jobId}/${oat?.id}/`;
  // The dead attempt: its row written, its crop uploaded, killed before marking it uploaded; the item left running.
  await sql`
    insert into screenshots (workspace_id, job_id, job_item_id, name, kind, width, height, bytes)
    values (${ws}, ${jobId}, ${oat?.id ?? ''}, 'picture-7', 'region', 10, 10, 4)`;
  const store = (await (resources as ProcessResources).get()).store;
  await store.put('screenshots', `${prefix}picture-7.png`, new Uint8Array([1, 2, 3, 4]), 'image/png');
  await sql`update job_items set status = 'running' where id = ${oat?.id ?? ''}`;
  expect(await objectsUnder('screenshots', prefix)).toContain(`${prefix}picture-7.png`);

  await rerunJob(jobId);
  const files = await objectsUnder('screenshots', prefix);
  const shots = await sql<{ name: string; path: string | null }[]>`
    select name, path from screenshots where job_item_id = ${oat?.id ?? ''} order by name`;
  expect(files).not.toContain(`${prefix}picture-7.png`);
  expect(shots.map((s) => s.name)).not.toContain('picture-7');
  // every file has its row and every row its file: the attempt that finished is what the user sees
  expect(shots.map((s) => s.path).sort()).toEqual(files);
  expect(shots.map((s) => s.name)).toEqual(expect.arrayContaining(['viewport', 'full_page', 'price']));
  const [item] = await sql<
    { status: string; attempts: number }[]
  >`select status::text, attempts from job_items where id = ${oat?.id ?? ''}`;
  expect(item).toEqual({ status: 'succeeded', attempts: 2 });
});

test('a rerun that prints a label differently removes the files the earlier label had', async () => {
  const jobId = await runJob();
  const { sql } = t.db;
  const labelFiles = async () =>
    (
      await sql<{ png_path: string | null; pdf_path: string | null }[]>`
        select l.png_path, l.pdf_path from labels l join job_items i on i.id = l.job_item_id join products p on p.id = i.product_id
        where i.job_id = ${jobId} and p.sku = 'GONE-1'`
    )[0];
  const gonePrefix = async () => {
    const [row] = await sql<{ id: string }[]>`
      select i.id from job_items i join products p on p.id = i.product_id where i.job_id = ${jobId} and p.sku = 'GONE-1'`;
    return `${ws}/${jobId}/labels/${row?.id}.`;
  };
  const prefix = await gonePrefix();
  // the page is gone, so its label is printed marked unverified, as PNG and PDF
  const first = await labelFiles();
  expect(await objectsUnder('labels', prefix)).toEqual([first?.pdf_path, first?.png_path]);

  await sql`update jobs set params = params || '{"outputs": ["png"]}' where id = ${jobId}`;
  await rerunJob(jobId);
  expect(await labelFiles()).toEqual({ png_path: first?.png_path, pdf_path: null });
  expect(await objectsUnder('labels', prefix)).toEqual([first?.png_path]);

  await sql`update jobs set params = params || '{"policy": "verified"}' where id = ${jobId}`;
  await rerunJob(jobId);
  expect(await labelFiles()).toBeUndefined();
  expect(await objectsUnder('labels', prefix)).toEqual([]);
});
