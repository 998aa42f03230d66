/** Marks a job we hold as succeeded (stage done, 100 %) with its summary, and logs job:succeeded. */
import type { Sql } from '@tagwright/shared';
import type { JobLock } from './types.ts';

export async function completeJob(sql: Sql, lock: JobLock, summary: Record<string, unknown>): Promise<boolean> {
  const rows = await sql`
    with done as (
      update public.jobs
      set status = 'succeeded', stage = 'done', progress = 100, summary = ${sql.json(summary as never)},
          error = null, finished_at = now(), locked_by = null, lease_until = null
      where id = ${lock.id} and locked_by = ${lock.workerId} and attempts = ${lock.attempt} and status = 'running'
      returning id, workspace_id, attempts
    )
    insert into public.job_events (workspace_id, job_id, type, payload)
    select workspace_id, id, 'job:succeeded', jsonb_build_object('attempt', attempts) from done
    returning job_id`;
  return rows.length === 1;
}
