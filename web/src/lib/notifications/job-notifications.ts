/**
 * What a browser notification about a job ending says: a title per status, a one-line body (labels
 * printed and product counts, or the error), the job id as tag (so the OS shows one per job) and
 * the page a click opens.
 */
import { isFinished, plural, shortId } from '../jobs/job-status.ts';
import type { JobRow } from '../jobs/types.ts';
import { instant } from '../live/merge.ts';

/** The columns of a job row the notifications read (Realtime sends whole rows; the jobs API too). */
export type JobEnding = Pick<JobRow, 'id' | 'status' | 'finished_at'> & Partial<Pick<JobRow, 'kind' | 'error' | 'summary'>>;

export interface JobNotification {
  title: string;
  body: string;
  tag: string;
  url: string;
}

const TITLES: Record<string, string> = { succeeded: 'Job succeeded', failed: 'Job failed', canceled: 'Job canceled' };
const MAX_BODY = 140;

/**
 * One ending of a job ("<id>@<finished_at in µs>"): a job run again ends again with a new key; null
 * while it has not ended. The instant, not the text: the API sends Postgres text, Realtime ISO.
 */
export function endingKey(job: JobEnding): string | null {
  return isFinished(job.status) && job.finished_at ? `${job.id}@${instant(job.finished_at)}` : null;
}

const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** "18 labels · 20 products: 18 succeeded, 2 failed", the error of a failed job, or the job's kind and id. */
export function describeEnding(job: JobEnding): string {
  const summary = job.summary ?? {};
  const labels = count((summary.labels as Record<string, unknown> | undefined)?.printed);
  const items = Object.entries((summary.items as Record<string, unknown> | undefined) ?? {}).flatMap(([status, n]) => {
    const value = count(n);
    return value ? [[status, value] as const] : [];
  });
  const total = items.reduce((sum, [, n]) => sum + n, 0);
  const parts: string[] = [];
  if (labels !== undefined) parts.push(plural(labels, 'label'));
  if (total > 0) parts.push(`${plural(total, 'product')}: ${items.map(([status, n]) => `${n} ${status}`).join(', ')}`);
  if (job.status === 'failed' && job.error) parts.unshift(job.error);
  const body = parts.join(' · ') || `${job.kind ?? 'Job'} ${shortId(job.id)}`;
  return body.length > MAX_BODY ? `${body.slice(0, MAX_BODY - 1)}…` : body;
}

/** The notification for a job that has ended, or null for one that hasn't. */
export function notificationFor(job: JobEnding): JobNotification | null {
  const title = TITLES[job.status];
  if (!title || !endingKey(job)) return null;
  return { title, body: describeEnding(job), tag: job.id, url: `/jobs/${job.id}` };
}
