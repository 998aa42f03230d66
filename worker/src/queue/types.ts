/** Queue types: a claimed job row, and the (job, worker, attempt) triple that proves we still hold it. */
import type { Tables } from '@tagwright/shared';

export type JobRow = Tables<'jobs'>;

/** Every write about a running job is guarded by this: a worker that lost the job can change nothing. */
export interface JobLock {
  id: string;
  workerId: string;
  attempt: number;
}

export interface Backoff {
  baseMs: number;
  capMs: number;
}

export function lockOf(job: JobRow, workerId: string): JobLock {
  return { id: job.id, workerId, attempt: job.attempts };
}
