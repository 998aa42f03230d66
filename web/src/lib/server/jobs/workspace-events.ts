/** The workspace's newest job events (the dashboard feed), as the user. */
import type { TransactionSql } from '@tagwright/shared/db';
import type { JobEventRow } from '../../jobs/types.ts';

export async function recentEvents(tx: TransactionSql, workspaceId: string, limit = 50): Promise<JobEventRow[]> {
  return tx<JobEventRow[]>`
    select id::text, job_id, type, payload, created_at from public.job_events
    where workspace_id = ${workspaceId} order by id desc limit ${limit}`;
}
