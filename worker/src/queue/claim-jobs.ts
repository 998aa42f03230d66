/** Claims up to `n` due jobs of the given kinds for this worker (SQL function claim_jobs, SKIP LOCKED). */
import type { Sql } from '@tagwright/shared';
import type { JobRow } from './types.ts';

export async function claimJobs(sql: Sql, workerId: string, n: number, kinds: string[], leaseSeconds: number): Promise<JobRow[]> {
  if (n <= 0) return [];
  return sql<JobRow[]>`select * from public.claim_jobs(${workerId}, ${n}, ${kinds}::text[], ${leaseSeconds})`;
}
