/** Fails queued jobs whose kind no worker runs (after a grace period), so a typo in `kind` ends in an error the user sees instead of a job waiting forever. */
import type { Sql } from '@tagwright/shared';

export async function failUnrunnableJobs(sql: Sql, graceSeconds: number): Promise<{ id: string; kind: string; error: string }[]> {
  return sql<{ id: string; kind: string; error: string }[]>`select id, kind, error from public.fail_unrunnable_jobs(${graceSeconds})`;
}
