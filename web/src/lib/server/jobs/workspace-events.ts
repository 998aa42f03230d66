/** The workspace's newest job events (the dashboard feed), as the user. */
import type { TransactionSql } from '@tagwright/shared/db';
import type { JobEventRow } from '../../jobs/types.ts';

export async function recentEvents(tx: TransactionSql, workspaceId: string, limit = 50): Promise<JobEventRow[]> {
  return tx<JobEventRow[]>`
    select e.id::text as id, e.job_id, e.type, e.payload, e.created_at from public.job_events e
    where e.workspace_id = ${workspaceId} order by e.id desc limit ${limit}`;
}
