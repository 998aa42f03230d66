/** What `tagwright status` reports, read in one go: the queue by status and kind, due/delayed/oldest, workers seen, webhook deliveries waiting or failed. */
import { type Sql, schemaVersion } from '@tagwright/shared';

export interface Status {
  schema: string | null;
  jobs: Record<string, number>;
  by_kind: Record<string, Record<string, number>>;
  queue: { due: number; delayed: number; oldest_due_seconds: number | null };
  workers: { id: string; hostname: string; running: number; concurrency: number; last_seen_seconds: number }[];
  webhooks: Record<string, number>;
}

export async function readStatus(sql: Sql): Promise<Status> {
  const [schema, byKind, queue, workers, deliveries] = await Promise.all([
    schemaVersion(sql),
    sql<{ kind: string; status: string; n: number }[]>`
      select kind, status::text, count(*)::int as n from public.jobs group by 1, 2 order by 1, 2`,
    sql<{ due: number; delayed: number; oldest: number | null }[]>`
      select (count(*) filter (where run_at <= now()))::int as due, (count(*) filter (where run_at > now()))::int as delayed,
             round(extract(epoch from now() - min(greatest(run_at, created_at)) filter (where run_at <= now())))::int as oldest
      from public.jobs where status = 'queued'`,
    sql<Status['workers']>`
      select id, hostname, running, concurrency, round(extract(epoch from now() - last_seen_at))::int as last_seen_seconds
      from public.workers where stopped_at is null and last_seen_at > now() - interval '1 minute' order by id`,
    sql<{ status: string; n: number }[]>`
      select status::text, count(*)::int as n from public.webhook_deliveries
      where status in ('pending', 'delivering', 'retrying', 'failed') group by 1 order by 1`,
  ]);
  const jobs: Record<string, number> = {};
  const by_kind: Status['by_kind'] = {};
  for (const row of byKind) {
    jobs[row.status] = (jobs[row.status] ?? 0) + row.n;
    by_kind[row.kind] = { ...by_kind[row.kind], [row.status]: row.n };
  }
  return {
    schema: schema ?? null,
    jobs,
    by_kind,
    queue: { due: queue[0]?.due ?? 0, delayed: queue[0]?.delayed ?? 0, oldest_due_seconds: queue[0]?.oldest ?? null },
    workers,
    webhooks: Object.fromEntries(deliveries.map((d) => [d.status, d.n])),
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
