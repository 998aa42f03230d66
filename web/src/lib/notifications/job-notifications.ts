/**
 * When a browser notification is due: a job of the workspace reached succeeded / failed / canceled
 * just now (a change arriving for a job that ended long ago, or one already announced, is not news),
 * with a title, a one-line body from its counts or error, and where a click should go.
 */
import { instant } from '../live/merge.ts';

export interface EndedJobChange {
  id: string;
  status: string;
  finished_at?: string | null;
  error?: string | null;
  summary?: { items?: Record<string, number>; labels?: { printed?: number } } | null;
}

export interface JobNotification {
  title: string;
  body: string;
  /** Groups repeats of the same job ending in the OS notification centre. */
  tag: string;
  url: string;
}

const TITLES: Record<string, string> = { succeeded: 'Job succeeded', failed: 'Job failed', canceled: 'Job canceled' };
/** A job that ended longer ago than this is old news, whatever changed on it now. */
const FRESH_MS = 10 * 60_000;

export function describeEnding(job: EndedJobChange): string {
  if (job.status === 'failed' && job.error) return job.error.length > 140 ? `${job.error.slice(0, 139)}…` : job.error;
  const items = Object.entries(job.summary?.items ?? {}).filter(([, n]) => n > 0);
  const total = items.reduce((sum, [, n]) => sum + n, 0);
  const parts = total > 0 ? [`${total} product${total === 1 ? '' : 's'}: ${items.map(([s, n]) => `${n} ${s}`).join(', ')}`] : [];
  const printed = job.summary?.labels?.printed;
  if (printed !== undefined) parts.push(`${printed} label${printed === 1 ? '' : 's'}`);
  return parts.join(' · ') || `Job ${job.id.slice(0, 8)}`;
}

/** The notification for this change, once per job ending (`announced` remembers them), or null. */
export function notificationFor(job: EndedJobChange, announced: Set<string>, nowMs: number): JobNotification | null {
  const title = TITLES[job.status];
  if (!title || !job.finished_at) return null;
  const key = `${job.id}@${job.finished_at}`;
  if (announced.has(key)) return null;
  const ended = Number(instant(job.finished_at) / 1000n);
  if (ended === 0 || nowMs - ended > FRESH_MS) return null;
  announced.add(key);
  return { title, body: describeEnding(job), tag: `job-${job.id}`, url: `/jobs/${job.id}` };
}
