/**
 * Job kind `label_run`: checks every product of the job against its web page — crawl, screenshot,
 * OCR, extract, match — a few products at a time, each item's rows written as it goes, so the
 * dashboard sees them live and a resumed job (after a crash) only does what is left. Ends with a
 * summary: items per status, fields per verdict, time per stage.
 */
import type { LabelRunParams } from '@tagwright/shared';
import type { Page } from 'playwright-core';
import { decide } from '../extract/decide.ts';
import { extractPage } from '../extract/extract-page.ts';
import { matchProduct } from '../match/match-product.ts';
import type { OcrPool } from '../ocr/ocr-pool.ts';
import { captureEvidence } from '../pipeline/capture-evidence.ts';
import { createJobItems, type ProductSelection } from '../pipeline/rows/create-job-items.ts';
import { jobItemCounts, type PendingItem, pendingJobItems } from '../pipeline/rows/pending-job-items.ts';
import { saveMatches } from '../pipeline/rows/save-evidence.ts';
import { finishJobItem, recordCrawl, startJobItem } from '../pipeline/rows/update-job-item.ts';
import type { JobContext, JobHandler } from '../runtime/job-context.ts';
import type { ObjectStore } from '../storage/index.ts';

export interface CrawledPage {
  status: number | null;
  finalUrl: string;
  title: string;
}

/** What label_run needs from the process: pages to load product pages into, OCR, a place for screenshots. */
export interface PipelineResources {
  /** Lends a browser page for `fn`; the page is returned (or discarded) afterwards. */
  withPage<T>(fn: (page: Page) => Promise<T>, signal: AbortSignal): Promise<T>;
  /** Loads `url` into `page` (SSRF guard, timeouts, retries of transient failures). */
  open(page: Page, url: string, signal: AbortSignal): Promise<CrawledPage>;
  ocr: OcrPool;
  store: ObjectStore;
  /** Products checked at once per job. */
  concurrency: number;
}

const STAGES = ['crawl', 'extract', 'evidence', 'match'] as const;
type StageTimes = Record<(typeof STAGES)[number], number>;

export function labelRunHandler(resources: () => Promise<PipelineResources>): JobHandler<LabelRunParams> {
  return {
    kind: 'label_run',
    async run(ctx) {
      const r = await resources();
      const created = await createJobItems(ctx.sql, ctx.job, ctx.params as ProductSelection);
      if (created > 0) await ctx.event('items:created', { count: created });
      const items = await pendingJobItems(ctx.sql, ctx.job.id);
      const counts = await jobItemCounts(ctx.sql, ctx.job.id);
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      let done = total - items.length;
      const times: StageTimes = { crawl: 0, extract: 0, evidence: 0, match: 0 };
      ctx.progress('crawling', total === 0 ? 100 : Math.floor((done / total) * 100));

      let next = 0;
      const lane = async () => {
        while (next < items.length) {
          ctx.signal.throwIfAborted();
          const item = items[next++] as PendingItem;
          await checkItem(ctx, r, item, times);
          done++;
          ctx.progress('crawling', Math.min(99, Math.floor((done / total) * 100)));
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, Math.min(r.concurrency, items.length)) }, lane));

      ctx.progress('matching', 100);
      const verdicts = await ctx.sql<{ verdict: string; n: number }[]>`
        select verdict::text, count(*)::int as n from public.matches where job_id = ${ctx.job.id} group by verdict`;
      const summary = {
        items: await jobItemCounts(ctx.sql, ctx.job.id),
        verdicts: Object.fromEntries(verdicts.map((v) => [v.verdict, v.n])),
        stage_ms: Object.fromEntries(STAGES.map((s) => [s, Math.round(times[s])])),
      };
      ctx.progress('done', 100);
      return summary;
    },
  };
}

async function timed<T>(times: StageTimes, stage: keyof StageTimes, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    times[stage] += performance.now() - started;
  }
}

/** One product: its page, evidence and verdicts. A failure ends this item only, with the reason on its row. */
async function checkItem(ctx: JobContext<LabelRunParams>, r: PipelineResources, item: PendingItem, times: StageTimes): Promise<void> {
  const { sql, signal } = ctx;
  const ref = { workspaceId: ctx.job.workspace_id, jobId: ctx.job.id, itemId: item.id };
  await startJobItem(sql, item.id);
  try {
    await r.withPage(async (page) => {
      const crawled = await timed(times, 'crawl', () => r.open(page, item.url, signal));
      await recordCrawl(sql, item.id, crawled);
      const read = await timed(times, 'extract', () => extractPage(page));
      const { extraction } = read;
      const evidence = await timed(times, 'evidence', () => captureEvidence(page, ref, read, { sql, store: r.store, ocr: r.ocr, signal }));
      await timed(times, 'match', async () => {
        const decided = evidence.ocrCandidates.length > 0 ? decide([...extraction.candidates, ...evidence.ocrCandidates]) : extraction;
        const checks = new Set<string>([
          ...ctx.params.checks,
          'availability',
          ...(ctx.params.checks.includes('price') ? ['currency'] : []),
        ]);
        await saveMatches(
          sql,
          ref,
          matchProduct(item.product, decided, { priceTolerance: ctx.params.price_tolerance }).filter((m) => checks.has(m.field)),
        );
      });
    }, signal);
    await finishJobItem(sql, item.id, { ok: true });
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    const message = error instanceof Error ? error.message : String(error);
    await finishJobItem(sql, item.id, { ok: false, error: message });
    await ctx.event('item:failed', { item_id: item.id, url: item.url, error: message });
    ctx.log.warn({ item_id: item.id, err: error }, 'item failed');
  }
}
