/** SQL on public.jobs for the dashboard and monitor, always inside asUser so RLS decides what exists. */
import type { TransactionSql } from '@tagwright/shared/db';
import type { JobListRow, JobRow, StatusCounts } from '../../jobs/types.ts';

export const JOB_COLUMNS =
  'j.id, j.workspace_id, j.kind, j.status, j.stage, j.progress, j.params, j.attempts, j.max_attempts, j.cancel_requested, j.error, j.summary, j.outputs, j.started_at, j.finished_at, j.created_at, j.updated_at';

export const isUuid = (id: string) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id);

/** The workspace's newest jobs, with the template's name when the params name one this user can see. */
export async function listJobs(tx: TransactionSql, workspaceId: string, limit = 100): Promise<JobListRow[]> {
  return tx<JobListRow[]>`
    select ${tx.unsafe(JOB_COLUMNS)}, t.name as template_name
    from public.jobs j
    left join public.templates t on t.id::text = j.params->>'template_id' and t.workspace_id = j.workspace_id
    where j.workspace_id = ${workspaceId}
    order by j.created_at desc limit ${limit}`;
}

/** One job, or undefined when it doesn't exist or belongs to a workspace the user isn't in. */
export async function getJob(tx: TransactionSql, id: string): Promise<JobRow | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await tx<JobRow[]>`select ${tx.unsafe(JOB_COLUMNS)} from public.jobs j where j.id = ${id}`;
  return row;
}

/** How many of the workspace's jobs are in each status. */
export async function statusCounts(tx: TransactionSql, workspaceId: string): Promise<StatusCounts> {
  const rows = await tx<{ status: keyof StatusCounts; n: number }[]>`
    select status::text, count(*)::int as n from public.jobs where workspace_id = ${workspaceId} group by status`;
  const counts: StatusCounts = { queued: 0, running: 0, succeeded: 0, failed: 0, canceled: 0 };
  for (const { status, n } of rows) counts[status] = n;
  return counts;
}
