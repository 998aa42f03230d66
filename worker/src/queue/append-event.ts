/** Appends to a job's event feed (job_events), as the job's own workspace. */
import type { Sql } from '@tagwright/shared';

export async function appendEvent(sql: Sql, job: { id: string; workspace_id: string }, type: string, payload: Record<string, unknown>) {
  await sql`
    insert into public.job_events (workspace_id, job_id, type, payload)
    values (${job.workspace_id}, ${job.id}, ${type}, ${sql.json(payload as never)})`;
}
