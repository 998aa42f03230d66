/**
 * The queue and the workers as they are now, read in one go: jobs by status and kind, due and
 * delayed jobs and how long the oldest due one has waited, the workers seen in the last minute,
 * webhook deliveries by status. One reading for /metrics, `tagwright status` and /api/health.
 */
import type { Sql } from '@tagwright/shared';

export interface LiveWorker {
  id: string;
  hostname: string;
  running: number;
  concurrency: number;
  last_seen_seconds: number;
}

export interface QueueSnapshot {
  jobs: { status: string; kind: string; n: number }[];
  due: number;
  delayed: number;
  /** How long the oldest due job has waited; null when none is due. */
  oldestDueSeconds: number | null;
  workers: LiveWorker[];
  deliveries: Record<string, number>;
}

/** Workers that refreshed their row in the last minute and have not stopped. */
export function liveWorkers(sql: Sql): Promise<LiveWorker[]> {
  return sql<LiveWorker[]>`
    select id, hostname, running, concurrency, round(extract(epoch from now() - last_seen_at))::int as last_seen_seconds
    from public.workers where stopped_at is null and last_seen_at > now() - interval '1 minute' order by id`;
}

export async function queueSnapshot(sql: Sql): Promise<QueueSnapshot> {
  const [jobs, [queue], workers, deliveries] = await Promise.all([
    sql<{ status: string; kind: string; n: number }[]>`
      select status::text, kind, count(*)::int as n from public.jobs group by 1, 2 order by 1, 2`,
    sql<{ due: number; delayed: number; oldest_s: number | null }[]>`
      select (count(*) filter (where run_at <= now()))::int as due, (count(*) filter (where run_at > now()))::int as delayed,
             extract(epoch from now() - min(greatest(run_at, created_at)) filter (where run_at <= now()))::float8 as oldest_s
      from public.jobs where status = 'queued'`,
    liveWorkers(sql),
    sql<{ status: string; n: number }[]>`select status::text, count(*)::int as n from public.webhook_deliveries group by 1 order by 1`,
  ]);
  return {
    jobs,
    due: queue?.due ?? 0,
    delayed: queue?.delayed ?? 0,
    oldestDueSeconds: queue?.oldest_s ?? null,
    workers,
    deliveries: Object.fromEntries(deliveries.map((d) => [d.status, d.n])),
  };
}
