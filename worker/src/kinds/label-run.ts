/**
 * Job kind `label_run`: checks every product of the job against its web page — crawl, screenshot,
 * OCR, extract, match — then renders its label by the job's policy, a few products at a time, each
 * item's rows written as it goes, so the dashboard sees them live and a resumed job (after a crash)
 * only does what is left. Ends with the job-wide files (combined PDF, sheet, ZPL) and a summary:
 * items per status, fields per verdict, labels, time per stage.
 */
import { findStock, type LabelRunParams } from '@tagwright/shared';
import type { Page } from 'playwright-core';
import { PermanentError } from '../errors.ts';
import { decide } from '../extract/decide.ts';
import { extractPage } from '../extract/extract-page.ts';
import { matchProduct } from '../match/match-product.ts';
import type { OcrPool } from '../ocr/ocr-pool.ts';
import { captureEvidence, clearItemEvidence } from '../pipeline/capture-evidence.ts';
import { type RenderDeps, renderItemLabel, renderJobOutputs } from '../pipeline/render-labels.ts';
import { createJobItems, type ProductSelection } from '../pipeline/rows/create-job-items.ts';
import { itemForLabel, loadTemplate, saveJobOutputs } from '../pipeline/rows/label-rows.ts';
import { jobItemCounts, type PendingItem, pendingJobItems, unlabelledJobItems } from '../pipeline/rows/pending-job-items.ts';
import { saveMatches } from '../pipeline/rows/save-evidence.ts';
import { finishJobItem, recordCrawl, startJobItem } from '../pipeline/rows/update-job-item.ts';
import { LABEL_RUN_STAGES, type LabelRunStage } from '../pipeline/stages.ts';
import { RenderError } from '../render/layout.ts';
import { checkFitsStock } from '../render/sheet.ts';
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

type StageTimes = Record<LabelRunStage, number>;

export function labelRunHandler(resources: () => Promise<PipelineResources>): JobHandler<LabelRunParams> {
  return {
    kind: 'label_run',
    async run(ctx) {
      const template = await checkedTemplate(ctx);
      const r = await resources();
      // {{today}} is the job's day, so a resumed or rerun job prints the same date
      const render: RenderDeps = { template, params: ctx.params, today: new Date(ctx.job.created_at), store: r.store };
      const created = await createJobItems(ctx.sql, ctx.job, ctx.params as ProductSelection);
      if (created > 0) await ctx.event('items:created', { count: created });
      const items = await pendingJobItems(ctx.sql, ctx.job.id);
      // checked by an attempt that stopped before printing them: print now, without checking again
      const unlabelled = await unlabelledJobItems(ctx.sql, ctx.job.id, template.id);
      const counts = await jobItemCounts(ctx.sql, ctx.job.id);
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      let done = total - items.length;
      const times: StageTimes = { crawl: 0, extract: 0, evidence: 0, match: 0, render: 0 };
      for (const item of unlabelled) await timed(times, 'render', () => renderItem(ctx, render, item));
      ctx.progress('crawling', total === 0 ? 100 : Math.floor((done / total) * 100));

      let next = 0;
      const lane = async () => {
        while (next < items.length) {
          ctx.signal.throwIfAborted();
          const item = items[next++] as PendingItem;
          await checkItem(ctx, r, item, times);
          await timed(times, 'render', () => renderItem(ctx, render, item));
          done++;
          ctx.progress('crawling', Math.min(99, Math.floor((done / total) * 100)));
        }
      };
      // every lane settles before the job does: no item row is written after the job has ended
      const lanes = await Promise.allSettled(Array.from({ length: Math.max(1, Math.min(r.concurrency, items.length)) }, lane));
      const stopped = lanes.find((l) => l.status === 'rejected');
      if (stopped) throw stopped.reason;

      ctx.progress('rendering', 99);
      const outputs = await timed(times, 'render', () => renderJobOutputs(ctx.sql, render, ctx.job));
      await saveJobOutputs(ctx.sql, ctx.job.id, outputs);
      if (Object.keys(outputs).length > 0) await ctx.event('outputs:ready', { files: Object.keys(outputs) });
      const [labels] = await ctx.sql<{ printed: number; verified: number }[]>`
        select count(*)::int as printed, (count(*) filter (where verified))::int as verified
        from public.labels where job_id = ${ctx.job.id} and template_id = ${render.template.id}`;
      const verdicts = await ctx.sql<{ verdict: string; n: number }[]>`
        select verdict::text, count(*)::int as n from public.matches where job_id = ${ctx.job.id} group by verdict`;
      const summary = {
        items: await jobItemCounts(ctx.sql, ctx.job.id),
        verdicts: Object.fromEntries(verdicts.map((v) => [v.verdict, v.n])),
        labels: { printed: labels?.printed ?? 0, verified: labels?.verified ?? 0, policy: ctx.params.policy },
        outputs: Object.fromEntries(Object.entries(outputs).map(([name, file]) => [name, file.url])),
        stage_ms: Object.fromEntries(LABEL_RUN_STAGES.map((s) => [s, Math.round(times[s])])),
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
  const attempt = await startJobItem(sql, item.id);
  if (attempt === undefined) {
    signal.throwIfAborted();
    throw new Error(`Job ${ctx.job.id} is no longer running here; item ${item.id} is left for its next run.`);
  }
  try {
    if (attempt > 1) await clearItemEvidence(sql, r.store, ref);
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

/** The template and output settings, checked before any page is opened: a bad template or stock fails the job at once. */
async function checkedTemplate(ctx: JobContext<LabelRunParams>): Promise<RenderDeps['template']> {
  const template = await loadTemplate(ctx.sql, ctx.job.workspace_id, ctx.params.template_id);
  if (ctx.params.outputs.includes('sheet')) {
    const stockId = ctx.params.sheet.stock ?? template.stock;
    if (!stockId)
      throw new PermanentError(`The sheet output needs a stock: set one on template "${template.name}" or pass sheet.stock with the job.`);
    try {
      checkFitsStock(template, findStock(stockId));
    } catch (error) {
      throw new PermanentError((error as Error).message);
    }
  }
  return template;
}

/** One item's label; a product the template can't print (e.g. a bad GTIN for EAN-13) fails that item with the reason. */
async function renderItem(ctx: JobContext<LabelRunParams>, deps: RenderDeps, item: PendingItem): Promise<void> {
  const ref = { workspaceId: ctx.job.workspace_id, jobId: ctx.job.id, itemId: item.id };
  const facts = await itemForLabel(ctx.sql, item.id);
  if (!facts) return;
  try {
    const plan = await renderItemLabel(ctx.sql, deps, ref, facts);
    if (!plan.print) await ctx.event('label:skipped', { item_id: item.id, sku: facts.data.sku, unverified: plan.unverified });
  } catch (error) {
    if (!(error instanceof RenderError)) throw error;
    const message = `Label not printed: ${error.message}`;
    await finishJobItem(ctx.sql, item.id, { ok: false, error: facts.itemError ? `${facts.itemError}; ${message}` : message });
    await ctx.event('item:failed', { item_id: item.id, url: item.url, error: message });
  }
}
