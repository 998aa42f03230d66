/**
 * Ends a failed attempt of a job we hold: retried later (backoff from job_retry_delay) while
 * attempts remain and the error is retryable, else failed for good — unless a cancel was
 * requested meanwhile, which wins. Logs job:retry_scheduled, job:failed or job:canceled.
 */
import type { Sql } from '@tagwright/shared';
import type { Backoff, JobLock } from './types.ts';

export interface FailOutcome {
  status: 'queued' | 'failed' | 'canceled';
  run_at: string;
}

export async function failJob(
  sql: Sql,
  lock: JobLock,
  error: string,
  retryable: boolean,
  backoff: Backoff,
): Promise<FailOutcome | undefined> {
  const [row] = await sql<(FailOutcome & { id: string })[]>`
    with decided as (
      select j.id, case when j.cancel_requested then 'canceled'
                        when ${retryable}::boolean and j.attempts < j.max_attempts then 'queued'
                        else 'failed' end::public.job_status as next
      from public.jobs j
      where j.id = ${lock.id} and j.locked_by = ${lock.workerId} and j.attempts = ${lock.attempt} and j.status = 'running'
      for update
    ), failed as (
      update public.jobs j
      set status = d.next,
          stage = case when d.next = 'queued' then 'queued' else j.stage end::public.job_stage,
          run_at = case when d.next = 'queued' then now() + public.job_retry_delay(j.attempts, ${backoff.baseMs}, ${backoff.capMs})
                        else j.run_at end,
          finished_at = case when d.next = 'queued' then null else now() end,
          error = case when d.next = 'canceled' then null else ${error}::text end,
          locked_by = null, lease_until = null
      from decided d where j.id = d.id
      returning j.id, j.workspace_id, j.status, j.run_at, j.attempts, j.max_attempts
    ), logged as (
      insert into public.job_events (workspace_id, job_id, type, payload)
      select workspace_id, id,
             case status when 'queued' then 'job:retry_scheduled' when 'canceled' then 'job:canceled' else 'job:failed' end,
             jsonb_build_object('attempt', attempts, 'max_attempts', max_attempts, 'error', ${error}::text, 'retryable', ${retryable}::boolean,
                                'run_at', case when status = 'queued' then run_at end)
      from failed
    )
    select id, status, run_at from failed`;
  return row ? { status: row.status, run_at: row.run_at } : undefined;
}
