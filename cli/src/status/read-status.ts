/** What `tagwright status` reports, read in one go: the queue by status and kind, due/delayed/oldest, workers seen, webhook deliveries waiting or failed. */
import { type Sql, schemaVersion } from '@tagwright/shared';
import { type LiveWorker, queueSnapshot } from '@tagwright/worker/metrics';

export interface Status {
  schema: string | null;
  jobs: Record<string, number>;
  by_kind: Record<string, Record<string, number>>;
  queue: { due: number; delayed: number; oldest_due_seconds: number | null };
  workers: LiveWorker[];
  webhooks: Record<string, number>;
}

const UNFINISHED_DELIVERIES = ['delivering', 'failed', 'pending', 'retrying'];

export async function readStatus(sql: Sql): Promise<Status> {
  const [schema, now] = await Promise.all([schemaVersion(sql), queueSnapshot(sql)]);
  const jobs: Record<string, number> = {};
  const by_kind: Status['by_kind'] = {};
  for (const row of now.jobs) {
    jobs[row.status] = (jobs[row.status] ?? 0) + row.n;
    by_kind[row.kind] = { ...by_kind[row.kind], [row.status]: row.n };
  }
  return {
    schema: schema ?? null,
    jobs,
    by_kind,
    queue: {
      due: now.due,
      delayed: now.delayed,
      oldest_due_seconds: now.oldestDueSeconds === null ? null : Math.round(now.oldestDueSeconds),
    },
    workers: now.workers,
    webhooks: Object.fromEntries(UNFINISHED_DELIVERIES.flatMap((s) => (now.deliveries[s] ? [[s, now.deliveries[s]]] : []))),
  };
}

const STATUS_ORDER = ['queued', 'running', 'succeeded', 'failed', 'canceled'];

function ago(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${Math.round(seconds / 3600)} h`;
}

/** The status as a few lines a person reads at a glance. */
export function formatStatus(status: Status, where: string): string {
  const counts = (c: Record<string, number>) =>
    STATUS_ORDER.filter((s) => c[s])
      .map((s) => `${c[s]} ${s}`)
      .join(' · ') || 'no jobs';
  const { due, delayed, oldest_due_seconds } = status.queue;
  const lines = [
    `Database  ${where} (schema ${status.schema ?? 'not migrated'})`,
    `Jobs      ${counts(status.jobs)}`,
    `Queue     ${due} due now${delayed ? `, ${delayed} delayed` : ''}${oldest_due_seconds !== null ? `; oldest waiting ${ago(oldest_due_seconds)}` : ''}`,
    ...Object.entries(status.by_kind).map(([kind, c]) => `  ${kind.padEnd(10)} ${counts(c)}`),
    `Workers   ${status.workers.length} seen in the last minute${status.workers.length === 0 ? ' — start one with `tagwright worker`' : ''}`,
    ...status.workers.map((w) => `  ${w.id}  ${w.hostname}  running ${w.running}/${w.concurrency}  seen ${ago(w.last_seen_seconds)} ago`),
  ];
  const waiting = (status.webhooks.pending ?? 0) + (status.webhooks.delivering ?? 0) + (status.webhooks.retrying ?? 0);
  const failed = status.webhooks.failed ?? 0;
  lines.push(`Webhooks  ${waiting} deliveries waiting, ${failed} failed${failed ? ' (send them again from Settings → Delivery log)' : ''}`);
  return lines.join('\n');
}
