/**
 * The crawl corpus's harness: a local stack, the hostile site (allow-listed) and an internal listener
 * (not), and label_run jobs run by a real worker with real Chromium, the SSRF guard (with a resolver
 * the test controls, for DNS rebinding) and tesseract — tighter page limits so a bad page ends fast.
 */
import type { Sql } from '@tagwright/shared/db';
import { type Resolver, systemResolver } from '@tagwright/shared/net';
import { startTestStack, type TestStack } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect } from 'vitest';
import { launchBrowser, type WorkerBrowser } from '../../worker/src/browser/launch-browser.ts';
import { createCrawler, parseAllowHosts } from '../../worker/src/crawl/index.ts';
import { labelRunHandler, type PipelineResources } from '../../worker/src/kinds/label-run.ts';
import { type OcrPool, startOcrPool } from '../../worker/src/ocr/ocr-pool.ts';
import { objectStoreFromEnv } from '../../worker/src/storage/index.ts';
import { createWorkspace, insertJob, jobRow, testWorkers } from '../../worker/src/testing.ts';
import { type Listener, listen, startHostileSite } from './hostile-site.ts';

export interface ItemOutcome {
  sku: string;
  status: string;
  error: string | null;
}

export interface CrawlCorpus {
  sql: Sql;
  site: Listener;
  internal: Listener;
  /** Runs one label_run over these products (SKU → URL) to its end; returns each item's outcome by SKU. */
  run(products: Record<string, string>): Promise<Record<string, ItemOutcome>>;
}

/** Host names the test's resolver answers itself (anything else goes to the system resolver). */
export type FakeDns = Record<string, string>;

export function useCrawlCorpus(fakeDns: FakeDns = {}): CrawlCorpus {
  let t: TestStack;
  let browser: WorkerBrowser;
  let ocr: OcrPool;
  let workers: ReturnType<typeof testWorkers>;
  const corpus = {} as CrawlCorpus;
  const resolve: Resolver = async (host) => {
    const address = fakeDns[host];
    return address ? [{ address, family: address.includes(':') ? 6 : 4 }] : systemResolver(host);
  };

  beforeAll(async () => {
    [t, browser, corpus.site, corpus.internal] = await Promise.all([
      startTestStack(),
      launchBrowser({ size: 2 }),
      startHostileSite(),
      listen(),
    ]);
    corpus.sql = t.db.sql;
    ocr = startOcrPool({ workers: 1 });
    const crawler = createCrawler({
      allowHosts: parseAllowHosts(corpus.site.host),
      resolve,
      limits: { navigationTimeoutMs: 4000, maxBytes: 8 * 1024 * 1024 },
      retries: 0,
      delayMs: 0,
    });
    const resources: PipelineResources = {
      concurrency: 2,
      store: objectStoreFromEnv({ SUPABASE_URL: t.url, SUPABASE_SERVICE_ROLE_KEY: t.serviceRoleKey }),
      ocr,
      withPage: (fn, signal) => browser.withPage(fn, signal),
      open: (page, url, signal) => crawler.open(page, url, signal),
    };
    workers = testWorkers(t.db.url);
    await workers.start({ handlers: [labelRunHandler(async () => resources) as never], concurrency: 1, leaseSeconds: 30 });
  }, 120_000);
  afterAll(async () => {
    await workers?.stopAll();
    await ocr?.stop();
    await browser?.close();
    await corpus.site?.stop();
    await corpus.internal?.stop();
    await t?.stop();
  });

  corpus.run = async (products) => {
    const ws = await createWorkspace(t.db.sql, `crawl ${Math.random()}`);
    for (const [sku, url] of Object.entries(products))
      await t.db
        .sql`insert into products (workspace_id, sku, name, price, currency, url) values (${ws}, ${sku}, 'Tin Mug', 9.5, 'EUR', ${url})`;
    const [template] = await t.db.sql<{ id: string }[]>`
      insert into templates (workspace_id, name, width_mm, height_mm, elements)
      values (${ws}, 'T', 50, 30, ${t.db.sql.json([{ type: 'text', x: 2, y: 2, width: 46, height: 10, text: '{{name}}' }])}) returning id`;
    const job = await insertJob(t.db.sql, ws, {
      kind: 'label_run',
      params: { skus: Object.keys(products), template_id: template?.id ?? '', outputs: ['png'] },
    });
    await expect.poll(async () => (await jobRow(t.db.sql, job.id)).status, { timeout: 60_000, interval: 200 }).toMatch(/succeeded|failed/);
    const items = await t.db.sql<ItemOutcome[]>`
      select p.sku, i.status::text, i.error from job_items i join products p on p.id = i.product_id where i.job_id = ${job.id}`;
    return Object.fromEntries(items.map((i) => [i.sku, i]));
  };
  return corpus;
}
