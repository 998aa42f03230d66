/** Takes back running jobs whose lease expired (their worker died): requeue with backoff, fail, or cancel. */
import type { Sql } from '@tagwright/shared';
import type { Backoff, JobRow } from './types.ts';

export async function reapExpiredJobs(sql: Sql, backoff: Backoff): Promise<JobRow[]> {
  return sql<JobRow[]>`select * from public.reap_expired_jobs(${backoff.baseMs}, ${backoff.capMs})`;
}
