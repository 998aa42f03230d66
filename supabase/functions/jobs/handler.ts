/**
 * The jobs function's routes: POST /jobs starts a label_run (once per Idempotency-Key: a repeat is
 * answered 200 with the same job and Idempotent-Replayed), GET /jobs/<id> reports on one, GET /jobs
 * lists the newest; OPTIONS answers CORS preflights. Errors become JSON with a status and the field
 * they are about; anything unexpected is logged with the request id and answered as a 500.
 */
import type { Sql } from '../../../shared/src/db.ts';
import { ApiError, CORS_HEADERS, errorResponse, invalidRequest, json, readJsonBody } from '../_shared/http.ts';
import { authenticate, type VerifyUserToken } from './authenticate.ts';
import { createLabelRun } from './create-job.ts';
import { parseJobRequest } from './job-request.ts';
import { jobStatus, listJobs } from './job-status.ts';

/** 10,000 inline rows fit comfortably. */
const MAX_BODY_BYTES = 8 * 1024 * 1024;

export interface JobsDeps {
  sql: () => Sql;
  verifyUserToken: VerifyUserToken;
  /** Requests a minute per signed-in user (USER_RATE_LIMIT_PER_MINUTE). */
  userRatePerMinute: number;
  /** Where this function is reached from outside, for Location headers (e.g. https://x.supabase.co/functions/v1). */
  functionsUrl: string;
}

/** The Idempotency-Key header, checked: 1–255 visible ASCII characters (a UUID is a good one). */
function idempotencyKey(request: Request): string | undefined {
  const key = request.headers.get('idempotency-key');
  if (key === null) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key))
    throw invalidRequest([{ path: 'Idempotency-Key', message: 'use 1 to 255 visible ASCII characters without spaces, e.g. a UUID' }]);
  return key;
}

export async function handleJobs(request: Request, deps: JobsDeps): Promise<Response> {
  const url = new URL(request.url);
  // Hosted and local both hand the function /jobs[/…]; tolerate the full /functions/v1/jobs too.
  const rest = url.pathname.replace(/^\/functions\/v1/, '').replace(/^\/jobs\/?/, '');
  try {
    if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: CORS_HEADERS });
    if (request.method === 'POST' && rest === '') {
      const sql = deps.sql();
      const caller = await authenticate(request, sql, deps);
      const key = idempotencyKey(request);
      const { replayed, ...job } = await createLabelRun(sql, caller, parseJobRequest(await readJsonBody(request, MAX_BODY_BYTES)), key);
      const location = `${deps.functionsUrl}/jobs/${job.id}`;
      return json({ ...job, links: { self: location } }, replayed ? 200 : 201, {
        location,
        ...(replayed ? { 'idempotent-replayed': 'true' } : {}),
      });
    }
    if (request.method === 'GET') {
      const sql = deps.sql();
      const caller = await authenticate(request, sql, deps);
      if (rest === '') return json({ jobs: await listJobs(sql, caller, url.searchParams) });
      if (!rest.includes('/')) return json(await jobStatus(sql, caller, decodeURIComponent(rest)));
    }
    if (rest === '' || !rest.includes('/'))
      throw new ApiError(405, 'method_not_allowed', `${request.method} is not supported here; use POST /jobs or GET /jobs/<id>.`, [], {
        allow: rest === '' ? 'GET, POST, OPTIONS' : 'GET, OPTIONS',
      });
    throw new ApiError(404, 'not_found', `Nothing at ${url.pathname}; use POST /jobs or GET /jobs/<id>.`);
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error);
    const id = crypto.randomUUID();
    console.error(
      JSON.stringify({
        level: 'error',
        function: 'jobs',
        request_id: id,
        method: request.method,
        path: url.pathname,
        error: String(error),
      }),
    );
    return errorResponse(
      new ApiError(500, 'internal_error', `Something went wrong on our side (request ${id}); try again, and report it if it persists.`),
    );
  }
}
