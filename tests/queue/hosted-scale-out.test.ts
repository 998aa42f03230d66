/**
 * Scale-out as on hosted Supabase: two `tagwright worker` processes, each started from its own temp
 * folder (its working directory, HOME and TMPDIR) with nothing but environment variables — the
 * project's DATABASE_URL, SUPABASE_URL and keys, as a deployment sets them — share label_run jobs
 * on the fixture shop; every job succeeds once, both workers take part, the labels are in Storage,
 * and neither process wrote into the other's folder or needed the repo's local stack.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestStack, type TestStack } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type CliRun, runCli } from '../cli/run-cli.ts';
import { type FixtureShop, startFixtureShop } from '../fixtures/shop/start-fixture-shop.ts';
import { stopWorkers, waitListening } from './worker-processes.ts';

let t: TestStack;
let shop: FixtureShop;
const folders: string[] = [];
beforeAll(async () => {
  t = await startTestStack();
  shop = await startFixtureShop();
});
afterAll(async () => {
  await shop?.stop();
  await t?.stop();
  for (const folder of folders) await fs.rm(folder, { recursive: true, force: true });
});

test('two workers from separate folders, configured by env only, share the jobs; each job succeeds once', async () => {
  const { sql } = t.db;
  const [ws] = await sql<{ id: string }[]>`insert into workspaces (name) values ('Hosted') returning id`;
  const [template] = await sql<{ id: string }[]>`
    insert into templates (workspace_id, name, width_mm, height_mm) values (${ws?.id ?? ''}, 'Tag', 50, 30) returning id`;
  const pages = ['/p/jsonld-mug', '/p/microdata-lamp', '/p/text-only-socks', '/p/split-price-kettle'];
  await sql`
    insert into products ${sql(pages.map((page, i) => ({ workspace_id: ws?.id ?? '', sku: `H-${i}`, name: `Product ${i}`, url: `${shop.url}${page}` })))}`;

  const workers: CliRun[] = [];
  for (const name of ['east', 'west']) {
    const folder = await fs.mkdtemp(path.join(os.tmpdir(), `tagwright-${name}-`));
    folders.push(folder);
    const env = {
      DATABASE_URL: t.db.url,
      SUPABASE_URL: t.url,
      SUPABASE_ANON_KEY: t.anonKey,
      SUPABASE_SERVICE_ROLE_KEY: t.serviceRoleKey,
      CRAWL_ALLOW_HOSTS: shop.host,
      WORKER_ID: name,
      WORKER_CONCURRENCY: '1',
      HOME: folder,
      TMPDIR: folder,
      LOG_LEVEL: 'warn',
    };
    workers.push(runCli(['worker'], env, { cwd: folder, cleanEnv: true }));
  }
  try {
    await waitListening(sql, 2);
    const jobs = Array.from({ length: 6 }, (_, i) => ({
      workspace_id: ws?.id ?? '',
      kind: 'label_run',
      params: sql.json({ skus: [`H-${i % 4}`, `H-${(i + 1) % 4}`], template_id: template?.id ?? '', outputs: ['png'] }),
    }));
    await sql`insert into jobs ${sql(jobs as never)}`;
    await expect
      .poll(async () => (await sql`select count(*)::int as n from jobs where status = 'succeeded'`)[0]?.n, {
        timeout: 150_000,
        interval: 500,
      })
      .toBe(6);
    const started = await sql<{ worker: string; n: number }[]>`
      select payload->>'worker' as worker, count(*)::int as n from job_events where type = 'job:started' group by 1 order by 1`;
    expect(started.map((s) => s.worker)).toEqual(['east', 'west']);
    expect(started.reduce((sum, s) => sum + s.n, 0)).toBe(6);
    const [labels] = await sql<{ n: number; stored: number }[]>`
      select count(*)::int as n, count(*) filter (where exists (
        select 1 from storage.objects o where o.bucket_id = 'labels' and o.name = l.png_path))::int as stored from labels l`;
    expect(labels).toEqual({ n: 12, stored: 12 });
    const seen = await sql<{ id: string }[]>`select id from workers where stopped_at is null order by id`;
    expect(seen.map((w) => w.id)).toEqual(['east', 'west']);
  } finally {
    const codes = await stopWorkers(workers);
    if (codes.some((code) => code !== 0)) console.error(workers.map((w) => w.output().stderr).join('\n'));
    expect(codes).toEqual([0, 0]);
  }
}, 240_000);
