/**
 * What GET /functions/v1/jobs/<id> answers: the job's status, stage, progress, item counts by
 * status, summary, job-wide files and error, as the caller may see it (RLS for users, the key's
 * workspace for keys); and GET /functions/v1/jobs: the newest jobs, optionally by status.
 */
import type { Sql, TransactionSql } from '../../../shared/src/db.ts';
import { ApiError, invalidRequest } from '../_shared/http.ts';
import type { Caller } from './authenticate.ts';
import { asCaller } from './create-job.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUSES = ['queued', 'running', 'succeeded', 'failed', 'canceled'];

export interface JobStatus {
  id: string;
  workspace_id: string;
  kind: string;
  status: string;
  stage: string;
  progress: number;
  attempts: number;
  error: string | null;
  items: Record<string, number>;
  summary: unknown;
  outputs: unknown;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
}

/** Keys see their own workspace only; users whatever RLS lets them. */
function scope(tx: TransactionSql, caller: Caller) {
  return caller.kind === 'key' ? tx`and j.workspace_id = ${caller.workspaceId}` : tx``;
}

function select(tx: TransactionSql) {
  return tx`
    select j.id, j.workspace_id, j.kind, j.status, j.stage, j.progress, j.attempts, j.error, j.summary, j.outputs,
           j.created_at, j.started_at, j.finished_at,
           (select coalesce(jsonb_object_agg(s.status, s.n), '{}') from (
              select i.status::text as status, count(*)::int as n from public.job_items i where i.job_id = j.id group by i.status) s) as items
    from public.jobs j`;
}

export async function jobStatus(sql: Sql, caller: Caller, id: string): Promise<JobStatus> {
  if (!UUID.test(id)) throw invalidRequest([{ path: 'id', message: `"${id}" is not a job id (a UUID)` }]);
  const [job] = await asCaller(sql, caller, (tx) => tx<JobStatus[]>`${select(tx)} where j.id = ${id} ${scope(tx, caller)}`);
  if (!job) throw new ApiError(404, 'not_found', `No job ${id} in your workspace${caller.kind === 'key' ? '' : 's'}.`);
  return job;
}

export async function listJobs(sql: Sql, caller: Caller, query: URLSearchParams): Promise<JobStatus[]> {
  const status = query.get('status');
  if (status !== null && !STATUSES.includes(status))
    throw invalidRequest([{ path: 'status', message: `use one of ${STATUSES.join(', ')}` }]);
  const limit = Number(query.get('limit') ?? 20);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100)
    throw invalidRequest([{ path: 'limit', message: 'a whole number from 1 to 100' }]);
  return asCaller(
    sql,
    caller,
    (tx) => tx<JobStatus[]>`
      ${select(tx)} where true ${scope(tx, caller)} ${status ? tx`and j.status = ${status}::public.job_status` : tx``}
      order by j.created_at desc limit ${limit}`,
  );
}
