/** Gives a job back unfinished (worker shutting down): queued again at once, the attempt not counted — or canceled if that was asked. */
import type { Sql } from '@tagwright/shared';
import type { JobLock } from './types.ts';

export async function releaseJob(sql: Sql, lock: JobLock): Promise<boolean> {
  const rows = await sql`
    with released as (
      update public.jobs
      set status = case when cancel_requested then 'canceled' else 'queued' end::public.job_status,
          finished_at = case when cancel_requested then now() end,
          stage = case when cancel_requested then stage else 'queued' end::public.job_stage,
          attempts = attempts - 1, run_at = now(), locked_by = null, lease_until = null
      where id = ${lock.id} and locked_by = ${lock.workerId} and attempts = ${lock.attempt} and status = 'running'
      returning id, workspace_id, status
    )
    insert into public.job_events (workspace_id, job_id, type, payload)
    select workspace_id, id, case when status = 'canceled' then 'job:canceled' else 'job:released' end,
           jsonb_build_object('worker', ${lock.workerId}::text) from released
    returning job_id`;
  return rows.length === 1;
}
