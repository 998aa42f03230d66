/** Marks a running job we hold as canceled (after its stages saw the abort), and logs job:canceled. */
import type { Sql } from '@tagwright/shared';
import type { JobLock } from './types.ts';

export async function cancelJob(sql: Sql, lock: JobLock): Promise<boolean> {
  const rows = await sql`
    with canceled as (
      update public.jobs
      set status = 'canceled', finished_at = now(), locked_by = null, lease_until = null
      where id = ${lock.id} and locked_by = ${lock.workerId} and attempts = ${lock.attempt} and status = 'running'
      returning id, workspace_id, attempts
    )
    insert into public.job_events (workspace_id, job_id, type, payload)
    select workspace_id, id, 'job:canceled', jsonb_build_object('attempt', attempts) from canceled
    returning job_id`;
  return rows.length === 1;
}
