/** Everything the job monitor shows for one job, read as the user: the live view's snapshot (events capped at the newest 200). */
import type { TransactionSql } from '@tagwright/shared/db';
import type { JobSnapshot } from '../../jobs/types.ts';
import { getJob } from './job-rows.ts';

export const EVENT_LIMIT = 200;

/** The job's rows by table, or undefined when the user can't see the job. */
export async function jobSnapshot(tx: TransactionSql, id: string): Promise<JobSnapshot | undefined> {
  const job = await getJob(tx, id);
  if (!job) return undefined;
  const [job_items, screenshots, ocr_results, matches, labels, job_events] = await Promise.all([
    tx`select id, job_id, product_id, url, status, error, attempts, http_status, final_url, page_title, created_at, updated_at
       from public.job_items where job_id = ${id} order by created_at, id`,
    tx`select id, job_id, job_item_id, name, kind, public_url, width, height, region, created_at, updated_at
       from public.screenshots where job_id = ${id} order by created_at, id`,
    tx`select id, job_id, screenshot_id, status, text, confidence, words, error, duration_ms, created_at, updated_at
       from public.ocr_results where job_id = ${id}`,
    tx`select id, job_id, job_item_id, field, expected, found, score, verdict, source, evidence, created_at, updated_at
       from public.matches where job_id = ${id}`,
    tx`select id, job_id, job_item_id, product_id, png_url, pdf_url, zpl_url, data, verified, unverified, created_at, updated_at
       from public.labels where job_id = ${id} order by created_at, id`,
    // ordered by the bigint column, not the text alias (which would sort "99" after "250")
    tx`select * from (select e.id::text as id, e.job_id, e.type, e.payload, e.created_at from public.job_events e
       where e.job_id = ${id} order by e.id desc limit ${EVENT_LIMIT}) latest order by id::bigint`,
  ]);
  return { jobs: [job], job_items, screenshots, ocr_results, matches, labels, job_events } as unknown as JobSnapshot;
}
