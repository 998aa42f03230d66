/**
 * label_run over the fixture shop as users run it: the verdicts a user should see for every kind of
 * page; cancel in the middle of a slow crawl stops at once; a worker killed mid-job is taken over
 * by another that finishes only what was left, with no duplicate rows.
 */
import { startTestStack, type TestStack } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { labelRunHandler } from '../../worker/src/kinds/label-run.ts';
import { type ProcessResources, processResources } from '../../worker/src/pipeline/process-resources.ts';
import { createWorkspace, insertJob, jobRow, testWorkers } from '../../worker/src/testing.ts';
import { expectations, type FixtureShop, startFixtureShop } from '../fixtures/shop/start-fixture-shop.ts';
import { startWorkers, stopWorkers, waitListening } from '../queue/worker-processes.ts';

let t: TestStack;
let shop: FixtureShop;
let resources: ProcessResources | undefined;
let template = '';
const env = () => ({
  SUPABASE_URL: t.url,
  SUPABASE_SERVICE_ROLE_KEY: t.serviceRoleKey,
  CRAWL_ALLOW_HOSTS: shop.host,
  PIPELINE_CONCURRENCY: '4',
});

beforeAll(async () => {
  t = await startTestStack();
  shop = await startFixtureShop();
  resources = processResources({ ...process.env, ...env() });
});
afterAll(async () => {
  await resources?.close();
  await shop?.stop();
  await t?.stop();
});

async function workspaceWith(
  products: { sku: string; url: string; name: string; price?: string | null; currency?: string | null; gtin?: string | null }[],
) {
  const ws = await createWorkspace(t.db.sql, `W${Math.random()}`);
  for (const p of products)
    await t.db.sql`insert into products (workspace_id, sku, name, price, currency, gtin, url)
      values (${ws}, ${p.sku}, ${p.name}, ${p.price ?? null}, ${p.currency ?? null}, ${p.gtin ?? null}, ${p.url})`;
  const [row] = await t.db.sql<
    { id: string }[]
  >`insert into templates (workspace_id, name, width_mm, height_mm) values (${ws}, 'T', 60, 40) returning id`;
  template = row?.id ?? '';
  return ws;
}

const inProcessWorker = async () => {
  const workers = testWorkers(t.db.url);
  await workers.start({
    handlers: [labelRunHandler(() => (resources as ProcessResources).get()) as never],
    concurrency: 1,
    leaseSeconds: 10,
  });
  return workers;
};

test('every kind of page gets the verdicts a user should see', async () => {
  const entries = Object.entries(expectations);
  // The spreadsheet says what the page says; pages without a SKU get one the page can't confirm.
  const skuOf = (slug: string) => expectations[slug as keyof typeof expectations].sku ?? `NO-SKU-${slug}`;
  const ws = await workspaceWith(
    entries.map(([slug, e]) => ({
      sku: skuOf(slug),
      url: `${shop.url}${e.path}`,
      name: e.name,
      price: e.price?.amount,
      currency: e.price?.currency,
      gtin: e.gtin,
    })),
  );
  const workers = await inProcessWorker();
  try {
    const job = await insertJob(t.db.sql, ws, {
      kind: 'label_run',
      params: { skus: entries.map(([slug]) => skuOf(slug)), template_id: template },
    });
    await expect.poll(async () => (await jobRow(t.db.sql, job.id)).status, { timeout: 120_000, interval: 250 }).toBe('succeeded');
    const rows = await t.db.sql<{ sku: string; field: string; verdict: string; source: string | null }[]>`
      select p.sku, m.field, m.verdict::text, m.source::text from matches m join job_items i on i.id = m.job_item_id
      join products p on p.id = i.product_id where m.job_id = ${job.id}`;
    const wrong: string[] = [];
    for (const [slug, e] of entries) {
      const of = (field: string) => rows.find((r) => r.sku === skuOf(slug) && r.field === field);
      // The spreadsheet holds what the page says: every field matches, but an out-of-stock page is flagged.
      for (const field of ['name', 'price', 'currency', 'gtin'])
        if (of(field) && of(field)?.verdict !== 'match') wrong.push(`${slug}.${field}: ${of(field)?.verdict}`);
      const sku = e.sku ? 'match' : 'missing';
      if (of('sku')?.verdict !== sku) wrong.push(`${slug}.sku: ${of('sku')?.verdict}, expected ${sku}`);
      const stock = e.availability === 'OutOfStock' ? 'mismatch' : e.availability === 'InStock' ? 'match' : 'missing';
      if (of('availability')?.verdict !== stock) wrong.push(`${slug}.availability: ${of('availability')?.verdict}, expected ${stock}`);
    }
    expect(wrong).toEqual([]);
    const image = Object.entries(expectations).find(([, e]) => e.priceIn === 'image')?.[0];
    expect(rows.find((r) => r.sku === skuOf(image ?? '') && r.field === 'price')).toMatchObject({ verdict: 'match', source: 'ocr' });
  } finally {
    await workers.stopAll();
  }
}, 180_000);

test('cancel during a slow crawl ends the job at once, and the browser is free for the next job', async () => {
  const ws = await workspaceWith(
    [1, 2, 3].map((n) => ({ sku: `SLOW-${n}`, name: 'Enamel Camp Mug 350 ml', url: `${shop.url}/slow?ms=30000&n=${n}` })),
  );
  const workers = await inProcessWorker();
  try {
    const job = await insertJob(t.db.sql, ws, {
      kind: 'label_run',
      params: { skus: ['SLOW-1', 'SLOW-2', 'SLOW-3'], template_id: template },
    });
    await expect
      .poll(async () => (await t.db.sql`select 1 from job_items where job_id = ${job.id} and status = 'running'`).length, {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    await t.db.sql`update jobs set cancel_requested = true where id = ${job.id}`;
    // within a third of the 30 s the pages take to answer: the crawl itself was stopped
    await expect.poll(async () => (await jobRow(t.db.sql, job.id)).status, { timeout: 10_000, interval: 50 }).toBe('canceled');
    // and no item is left spinning under the ended job: the ones being checked are back to pending
    const items = await t.db.sql<{ status: string; error: string | null }[]>`
      select status::text, error from job_items where job_id = ${job.id}`;
    expect(items).toEqual([1, 2, 3].map(() => ({ status: 'pending', error: null })));

    const next = await insertJob(t.db.sql, ws, { kind: 'label_run', params: { skus: ['SLOW-1'], template_id: template } });
    await t.db
      .sql`update products set url = ${`${shop.url}${expectations['jsonld-mug'].path}`} where workspace_id = ${ws} and sku = 'SLOW-1'`;
    await expect.poll(async () => (await jobRow(t.db.sql, next.id)).status, { timeout: 60_000, interval: 250 }).toBe('succeeded');
  } finally {
    await workers.stopAll();
  }
}, 120_000);

test('a worker killed mid-job: another takes it over after the lease and finishes only what was left, no duplicate rows', async () => {
  const slugs = Object.keys(expectations).slice(0, 8);
  const ws = await workspaceWith(
    slugs.map((slug) => {
      const e = expectations[slug as keyof typeof expectations];
      return { sku: slug, url: `${shop.url}${e.path}`, name: e.name, price: e.price?.amount, currency: e.price?.currency, gtin: e.gtin };
    }),
  );
  const workerEnv = { ...env(), PIPELINE_CONCURRENCY: '1', WORKER_LEASE_SECONDS: '3', WORKER_BACKOFF_BASE_MS: '100' };
  const [victim] = startWorkers(1, t.db.url, workerEnv, 'victim');
  if (!victim) throw new Error('no worker');
  await waitListening(t.db.sql, 1);
  const job = await insertJob(t.db.sql, ws, { kind: 'label_run', params: { skus: slugs, template_id: template } });
  await expect
    .poll(async () => (await t.db.sql`select 1 from job_items where job_id = ${job.id} and status = 'succeeded'`).length, {
      timeout: 60_000,
      interval: 100,
    })
    .toBeGreaterThanOrEqual(2);
  victim.child.kill('SIGKILL');
  await victim.exited;
  const doneBefore = (await t.db.sql<{ id: string }[]>`select id from job_items where job_id = ${job.id} and status = 'succeeded'`).map(
    (r) => r.id,
  );

  const rescuers = startWorkers(1, t.db.url, workerEnv, 'rescuer');
  try {
    await expect.poll(async () => (await jobRow(t.db.sql, job.id)).status, { timeout: 120_000, interval: 250 }).toBe('succeeded');
    const items = await t.db.sql<
      { id: string; status: string; attempts: number }[]
    >`select id, status::text, attempts from job_items where job_id = ${job.id}`;
    expect(items.every((i) => i.status === 'succeeded')).toBe(true);
    // What the victim finished was not done again.
    for (const i of items.filter((i) => doneBefore.includes(i.id))) expect(i.attempts).toBe(1);
    const [counts] = await t.db.sql<{ matches: number; per_item: number; shots: number }[]>`
      select (select count(*) from matches where job_id = ${job.id})::int as matches,
             (select max(n) from (select count(*) as n from matches where job_id = ${job.id} group by job_item_id, field) x)::int as per_item,
             (select count(*) from screenshots where job_id = ${job.id} and name = 'viewport')::int as shots`;
    expect(counts?.per_item).toBe(1);
    expect(counts?.shots).toBe(slugs.length);
    expect((await jobRow(t.db.sql, job.id)).attempts).toBe(2);
  } finally {
    await stopWorkers(rescuers);
  }
}, 240_000);
