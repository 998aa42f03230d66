/** A new label_run with the same options for all, the failed or the mismatched products of a finished job, as the user. */

import type { TransactionSql } from '@tagwright/shared/db';
import { labelRunParams } from '@tagwright/shared/schemas';
import { type RetryMode, retryParams, retryProductIds } from '../../jobs/retry-selection.ts';
import type { JobItemRow, MatchRow } from '../../jobs/types.ts';
import { createLabelRun, JobRequestError } from './create-job.ts';
import { getJob } from './job-rows.ts';

const WHICH: Record<RetryMode, string> = { all: 'products', failed: 'failed products', mismatched: 'products with a mismatch' };

/** Returns the new job's id. */
export async function retryJob(tx: TransactionSql, id: string, mode: RetryMode): Promise<string> {
  const job = await getJob(tx, id);
  if (!job) throw new JobRequestError('No such job in your workspaces.', 404);
  if (job.kind !== 'label_run') throw new JobRequestError(`Only label runs can be retried; this job is a ${job.kind}.`);
  const items = await tx<Pick<JobItemRow, 'id' | 'product_id' | 'status'>[]>`
    select id, product_id, status from public.job_items where job_id = ${id} order by created_at, id`;
  const matches = await tx<Pick<MatchRow, 'job_item_id' | 'verdict'>[]>`
    select job_item_id, verdict from public.matches where job_id = ${id} and verdict = 'mismatch'`;
  const productIds = retryProductIds(mode, items, matches);
  if (productIds.length === 0) throw new JobRequestError(`This job has no ${WHICH[mode]} to run again.`);
  const parsed = labelRunParams.safeParse(retryParams(job.params, productIds));
  if (!parsed.success)
    throw new JobRequestError(`The job's options are no longer valid (${parsed.error.issues[0]?.message}); start a new job instead.`);
  return createLabelRun(tx, job.workspace_id, parsed.data);
}
