/** Writes a running job's stage and percent (only while we hold it). */
import type { Sql } from '@tagwright/shared';
import type { JobLock } from './types.ts';

export type JobStage = 'queued' | 'crawling' | 'ocr' | 'matching' | 'rendering' | 'done';

export async function updateProgress(sql: Sql, lock: JobLock, stage: JobStage, progress: number): Promise<boolean> {
  const rows = await sql`
    update public.jobs set stage = ${stage}, progress = ${progress}
    where id = ${lock.id} and locked_by = ${lock.workerId} and attempts = ${lock.attempt} and status = 'running'
      and (stage, progress) is distinct from (${stage}::public.job_stage, ${progress}::smallint)
    returning id`;
  return rows.length === 1;
}
