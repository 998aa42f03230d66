/** Asks the worker to stop a job (cancel_requested = true) as the user; a queued job is canceled at once by a trigger. */
import type { TransactionSql } from '@tagwright/shared/db';
import { JobRequestError } from './create-job.ts';
import { getJob } from './job-rows.ts';

export async function requestCancel(tx: TransactionSql, id: string): Promise<void> {
  const job = await getJob(tx, id);
  if (!job) throw new JobRequestError('No such job in your workspaces.', 404);
  if (['succeeded', 'failed', 'canceled'].includes(job.status))
    throw new JobRequestError(`The job has already ${job.status === 'canceled' ? 'been canceled' : job.status}.`);
  const updated = await tx`update public.jobs set cancel_requested = true where id = ${id} returning id`;
  // RLS hides the row from an UPDATE by a viewer: nothing changes and nothing is returned
  if (updated.length === 0) throw new JobRequestError('Viewers cannot cancel jobs; ask an editor or owner.', 403);
}
