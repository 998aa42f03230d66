/** How a job's status, stage and product selection read on screen: words, colours, finished or not. */
import type { ItemStatus, JobRow, JobStage, JobStatus, Verdict } from './types.ts';

export const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'succeeded', 'failed', 'canceled'];

export const FINISHED: readonly JobStatus[] = ['succeeded', 'failed', 'canceled'];

export const isFinished = (status: JobStatus) => FINISHED.includes(status);

/** Badge colours per status (text on a light background, contrast ≥ 4.5:1). */
export const STATUS_CLASS: Record<JobStatus | ItemStatus, string> = {
  queued: 'bg-slate-100 text-slate-800',
  pending: 'bg-slate-100 text-slate-800',
  running: 'bg-sky-50 text-sky-900',
  succeeded: 'bg-emerald-50 text-emerald-800',
  failed: 'bg-red-50 text-red-800',
  canceled: 'bg-zinc-100 text-zinc-700',
  skipped: 'bg-zinc-100 text-zinc-700',
};

export const VERDICT_CLASS: Record<Verdict, string> = {
  match: 'bg-emerald-50 text-emerald-800',
  mismatch: 'bg-red-50 text-red-800',
  missing: 'bg-amber-50 text-amber-900',
};

/** Chart colours per verdict (SVG fills). */
export const VERDICT_FILL: Record<Verdict, string> = { match: '#059669', mismatch: '#dc2626', missing: '#d97706' };

const STAGE_LABEL: Record<JobStage, string> = {
  queued: 'Waiting for a worker',
  crawling: 'Checking pages',
  ocr: 'Reading screenshots',
  matching: 'Comparing',
  rendering: 'Rendering labels',
  done: 'Done',
};

export function stageLabel(job: Pick<JobRow, 'status' | 'stage' | 'cancel_requested'>): string {
  if (job.status === 'canceled') return 'Canceled';
  if (job.status === 'failed') return 'Failed';
  if (job.cancel_requested && !isFinished(job.status)) return 'Canceling…';
  return STAGE_LABEL[job.stage] ?? job.stage;
}

/** "12 products", "import", "3 SKUs": what the job covers, from its params. */
export function describeSelection(params: Record<string, unknown>): string {
  if (Array.isArray(params.product_ids)) return plural(params.product_ids.length, 'product');
  if (Array.isArray(params.skus)) return plural(params.skus.length, 'SKU');
  if (typeof params.import_id === 'string') return 'products of an import';
  return '—';
}

export const plural = (n: number, word: string) => `${n.toLocaleString('en')} ${word}${n === 1 ? '' : 's'}`;

/** A short, stable name for a job in lists: the first 8 characters of its id. */
export const shortId = (id: string) => id.slice(0, 8);
