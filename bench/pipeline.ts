/**
 * The label pipeline end to end on the fixture shop (crawl, screenshots, OCR, extract, match) as a
 * worker runs it: one label_run job over every fixture product, several times over, on the local
 * stack. Prints products per minute and the share of fields read right (against the shop's
 * expectations). Settings: BENCH_COPIES (default 8), PIPELINE_CONCURRENCY (default 4).
 */
import os from 'node:os';
import { expectations, startFixtureShop } from '../tests/fixtures/shop/start-fixture-shop.ts';
import { labelRunHandler } from '../worker/src/kinds/label-run.ts';
import { createLogger } from '../worker/src/log.ts';
import { processResources } from '../worker/src/pipeline/process-resources.ts';
import { Worker } from '../worker/src/runtime/worker.ts';
import { startBenchStack } from './pipeline-stack.ts';

const copies = Number(process.env.BENCH_COPIES ?? 8);
const shop = await startFixtureShop();
const stack = await startBenchStack();
const { sql } = stack;
const [space] = await sql<{ id: string }[]>`insert into workspaces (name) values ('Bench') returning id`;
const ws = space?.id ?? '';
const entries = Object.entries(expectations);
for (let copy = 0; copy < copies; copy++)
  for (const [slug, e] of entries)
    await sql`
      insert into products (workspace_id, sku, name, price, currency, gtin, url)
      values (${ws}, ${`${slug}-${copy}`}, ${e.name}, ${e.price?.amount ?? null}, ${e.price?.currency ?? null}, ${e.gtin}, ${`${shop.url}${e.path}?copy=${copy}`})`;
const [template] = await sql<
  { id: string }[]
>`insert into templates (workspace_id, name, width_mm, height_mm) values (${ws}, 'Bench', 60, 40) returning id`;

const resources = processResources({
  ...process.env,
  SUPABASE_URL: stack.url,
  SUPABASE_SERVICE_ROLE_KEY: stack.serviceRoleKey,
  CRAWL_ALLOW_HOSTS: shop.host,
  PIPELINE_CONCURRENCY: process.env.PIPELINE_CONCURRENCY ?? '4',
});
await resources.get(); // browser and OCR warm, as in a running worker
const worker = new Worker({
  sql,
  log: createLogger({}, { write: () => {} }),
  handlers: [labelRunHandler(() => resources.get()) as never],
  concurrency: 1,
  leaseSeconds: 60,
});
await worker.start();
const started = performance.now();
const params = {
  skus: entries.flatMap(([slug]) => Array.from({ length: copies }, (_, c) => `${slug}-${c}`)),
  template_id: template?.id ?? '',
};
const [job] = await sql<
  { id: string }[]
>`insert into jobs (workspace_id, kind, params) values (${ws}, 'label_run', ${sql.json(params)}) returning id`;
const jobId = job?.id ?? '';
for (;;) {
  const [row] = await sql<{ status: string; error: string | null }[]>`select status::text, error from jobs where id = ${jobId}`;
  if (row?.status === 'failed') throw new Error(`the job failed: ${row.error}`);
  if (row?.status === 'succeeded') break;
  await new Promise((r) => setTimeout(r, 100));
}
const minutes = (performance.now() - started) / 60_000;
await worker.stop();

// Fields read right: what the page was read to say, against what the shop's page does say.
const rows = await sql<{ sku: string; field: string; found: string | null }[]>`
  select p.sku, m.field, m.found from matches m join job_items i on i.id = m.job_item_id join products p on p.id = i.product_id
  where m.job_id = ${jobId}`;
let right = 0;
let total = 0;
for (const [slug, e] of entries)
  for (let copy = 0; copy < copies; copy++) {
    const found = (field: string) => rows.find((r) => r.sku === `${slug}-${copy}` && r.field === field)?.found ?? null;
    const checks: [unknown, unknown][] = [
      [e.name, found('name')],
      [e.price?.amount ?? null, found('price')],
      [e.price?.currency ?? null, e.price ? found('currency') : null],
      [e.sku, found('sku')],
      [e.gtin, e.gtin ? found('gtin') : null],
      [e.availability, found('availability')],
    ];
    for (const [want, got] of checks) {
      total++;
      if (want === got || (typeof want === 'string' && typeof got === 'string' && Number(want) === Number(got) && /^\d/.test(want)))
        right++;
    }
  }
const items = copies * entries.length;
console.log(
  JSON.stringify({
    bench: 'pipeline',
    products: items,
    products_per_min: Math.round(items / minutes),
    field_accuracy: Number((right / total).toFixed(4)),
    concurrency: Number(process.env.PIPELINE_CONCURRENCY ?? 4),
    cores: os.availableParallelism(),
  }),
);
await resources.close();
await stack.stop();
await shop.stop();
process.exit(0);
