/**
 * Tagwright's metrics, read from the database so every worker and the dashboard report the same
 * numbers: jobs by status and kind, queue depth and oldest waiting job, pickup latency and stage
 * durations of the last hour (histograms), workers seen in the last minute, webhook deliveries by
 * status; plus the answering process's memory and uptime.
 */
import type { Sql } from '@tagwright/shared';
import { LABEL_RUN_STAGES } from '../pipeline/stages.ts';
import { Exposition } from './exposition.ts';
import { queueSnapshot } from './queue-snapshot.ts';

const SECONDS_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

export async function tagwrightMetrics(sql: Sql, source: { name: string } = { name: 'tagwright' }): Promise<string> {
  const [now, pickups, stages] = await Promise.all([
    queueSnapshot(sql),
    sql<{ s: number }[]>`
      select extract(epoch from started_at - greatest(run_at, created_at))::float8 as s
      from public.jobs where started_at > now() - interval '1 hour' order by started_at desc limit 10000`,
    sql<{ stage_ms: Record<string, number> }[]>`
      select summary->'stage_ms' as stage_ms from public.jobs
      where finished_at > now() - interval '1 hour' and summary ? 'stage_ms' order by finished_at desc limit 10000`,
  ]);
  const memory = process.memoryUsage();
  return new Exposition()
    .gauge(
      'tagwright_jobs',
      'Jobs by status and kind.',
      now.jobs.map((j) => ({ labels: { status: j.status, kind: j.kind }, value: j.n })),
    )
    .gauge('tagwright_queue_depth', 'Queued jobs due now (waiting for a worker).', [{ value: now.due }])
    .gauge('tagwright_queue_delayed', 'Queued jobs not due yet (run_at in the future, retries in backoff).', [{ value: now.delayed }])
    .gauge('tagwright_queue_oldest_seconds', 'How long the oldest due job has waited.', [{ value: now.oldestDueSeconds ?? 0 }])
    .histogram('tagwright_job_pickup_seconds', 'From due to claimed, for jobs started in the last hour.', SECONDS_BUCKETS, [
      { values: pickups.map((p) => Math.max(0, p.s)) },
    ])
    .histogram(
      'tagwright_stage_seconds',
      'Time label_run jobs finished in the last hour spent per stage (summed over their products).',
      SECONDS_BUCKETS,
      // a job without a stage's time didn't run that stage: no observation rather than a 0
      LABEL_RUN_STAGES.map((stage) => ({
        labels: { stage },
        values: stages.flatMap((s) => (typeof s.stage_ms?.[stage] === 'number' ? [s.stage_ms[stage] / 1000] : [])),
      })),
    )
    .gauge('tagwright_workers_seen', 'Worker processes seen in the last minute.', [{ value: now.workers.length }])
    .gauge('tagwright_workers_running_jobs', 'Jobs those workers were running when last seen.', [
      { value: now.workers.reduce((sum, w) => sum + w.running, 0) },
    ])
    .gauge(
      'tagwright_webhook_deliveries',
      'Webhook deliveries by status.',
      Object.entries(now.deliveries).map(([status, n]) => ({ labels: { status }, value: n })),
    )
    .gauge('process_resident_memory_bytes', `Resident memory of this ${source.name} process.`, [{ value: memory.rss }])
    .gauge('process_uptime_seconds', `Seconds since this ${source.name} process started.`, [{ value: Math.round(process.uptime()) }])
    .toString();
}
