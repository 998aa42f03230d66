/**
 * Tagwright's metrics, read from the database so every worker and the dashboard report the same
 * numbers: jobs by status and kind, queue depth and oldest waiting job, pickup latency and stage
 * durations of the last hour (histograms), workers seen in the last minute, webhook deliveries by
 * status; plus the answering process's memory and uptime.
 */
import type { Sql } from '@tagwright/shared';
import { Exposition } from './exposition.ts';

const SECONDS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];
const STAGES = ['crawl', 'extract', 'evidence', 'match', 'render'];

export async function tagwrightMetrics(sql: Sql, source: { name: string } = { name: 'tagwright' }): Promise<string> {
  const [jobs, queue, pickups, stages, workers, deliveries] = await Promise.all([
    sql<{ status: string; kind: string; n: number }[]>`
      select status::text, kind, count(*)::int as n from public.jobs group by 1, 2 order by 1, 2`,
    sql<{ due: number; delayed: number; oldest_s: number | null }[]>`
      select (count(*) filter (where run_at <= now()))::int as due, (count(*) filter (where run_at > now()))::int as delayed,
             extract(epoch from now() - min(greatest(run_at, created_at)) filter (where run_at <= now()))::float8 as oldest_s
      from public.jobs where status = 'queued'`,
    sql<{ s: number }[]>`
      select extract(epoch from started_at - greatest(run_at, created_at))::float8 as s
      from public.jobs where started_at > now() - interval '1 hour' order by started_at desc limit 10000`,
    sql<{ stage_ms: Record<string, number> }[]>`
      select summary->'stage_ms' as stage_ms from public.jobs
      where finished_at > now() - interval '1 hour' and summary ? 'stage_ms' order by finished_at desc limit 10000`,
    sql<{ seen: number; running: number }[]>`
      select count(*)::int as seen, coalesce(sum(running), 0)::int as running from public.workers
      where stopped_at is null and last_seen_at > now() - interval '1 minute'`,
    sql<{ status: string; n: number }[]>`select status::text, count(*)::int as n from public.webhook_deliveries group by 1 order by 1`,
  ]);
  const memory = process.memoryUsage();
  return new Exposition()
    .gauge(
      'tagwright_jobs',
      'Jobs by status and kind.',
      jobs.map((j) => ({ labels: { status: j.status, kind: j.kind }, value: j.n })),
    )
    .gauge('tagwright_queue_depth', 'Queued jobs due now (waiting for a worker).', [{ value: queue[0]?.due ?? 0 }])
    .gauge('tagwright_queue_delayed', 'Queued jobs not due yet (run_at in the future, retries in backoff).', [
      { value: queue[0]?.delayed ?? 0 },
    ])
    .gauge('tagwright_queue_oldest_seconds', 'How long the oldest due job has waited.', [{ value: queue[0]?.oldest_s ?? 0 }])
    .histogram('tagwright_job_pickup_seconds', 'From due to claimed, for jobs started in the last hour.', SECONDS_BUCKETS, [
      { values: pickups.map((p) => Math.max(0, p.s)) },
    ])
    .histogram(
      'tagwright_stage_seconds',
      'Time label_run jobs finished in the last hour spent per stage (summed over their products).',
      SECONDS_BUCKETS,
      // a job without a stage's time didn't run that stage: no observation rather than a 0
      STAGES.map((stage) => ({
        labels: { stage },
        values: stages.flatMap((s) => (typeof s.stage_ms?.[stage] === 'number' ? [s.stage_ms[stage] / 1000] : [])),
      })),
    )
    .gauge('tagwright_workers_seen', 'Worker processes seen in the last minute.', [{ value: workers[0]?.seen ?? 0 }])
    .gauge('tagwright_workers_running_jobs', 'Jobs those workers were running when last seen.', [{ value: workers[0]?.running ?? 0 }])
    .gauge(
      'tagwright_webhook_deliveries',
      'Webhook deliveries by status.',
      deliveries.map((d) => ({ labels: { status: d.status }, value: d.n })),
    )
    .gauge('process_resident_memory_bytes', `Resident memory of this ${source.name} process.`, [{ value: memory.rss }])
    .gauge('process_uptime_seconds', `Seconds since this ${source.name} process started.`, [{ value: Math.round(process.uptime()) }])
    .toString();
}
