/**
 * Starts a label_run from a checked request, in one transaction as the caller: a user under RLS
 * (editors and owners of the workspace), an API key as service role inside the key's workspace.
 * Resolves the workspace and template, upserts products sent inline, refuses SKUs the workspace
 * doesn't have (naming each), and inserts the job with params the shared schema accepts. With an
 * Idempotency-Key, a repeat of the same request gets the job the first one started.
 */
import { asUser, type Sql, type TransactionSql, withClaims } from '../../../shared/src/db.ts';
import { labelRunParams } from '../../../shared/src/schemas/job-params.ts';
import { ApiError, type Issue, invalidRequest } from '../_shared/http.ts';
import type { Caller } from './authenticate.ts';
import { type JobRequest, splitProducts } from './job-request.ts';

export interface CreatedJob {
  id: string;
  status: string;
  workspace_id: string;
  template_id: string;
  products: number;
  created_at: string;
  /** True when the Idempotency-Key had already started this job: nothing new was done. */
  replayed: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RLS_REFUSED = '42501';

/** Runs fn as the caller: RLS for users; service role (scoped by hand to the key's workspace) for keys. */
export function asCaller<T>(sql: Sql, caller: Caller, fn: (tx: TransactionSql) => Promise<T>): Promise<T> {
  return caller.kind === 'user' ? asUser(sql, caller.userId, fn) : withClaims(sql, { role: 'service_role' }, fn);
}

/** The workspace the request is for: the key's, or the one of the user's the request names (or their only one). */
export async function resolveWorkspace(
  tx: TransactionSql,
  caller: Caller,
  named: string | undefined,
): Promise<{ id: string; name: string }> {
  const byName = (w: { id: string; name: string }) => named === undefined || w.id === named || w.name === named;
  if (caller.kind === 'key') {
    const [workspace] = await tx<{ id: string; name: string }[]>`select id, name from public.workspaces where id = ${caller.workspaceId}`;
    if (!workspace) throw new ApiError(401, 'unauthorized', `The workspace of API key ${caller.prefix} no longer exists.`);
    if (!byName(workspace))
      throw invalidRequest([
        {
          path: 'workspace',
          message: `the key ${caller.prefix} belongs to workspace "${workspace.name}"; leave workspace out or name that one`,
        },
      ]);
    return workspace;
  }
  const workspaces = await tx<{ id: string; name: string }[]>`select id, name from public.workspaces order by name`;
  const matching = workspaces.filter(byName);
  if (matching.length === 1 && matching[0]) return matching[0];
  const names = workspaces.map((w) => `"${w.name}"`).join(', ');
  if (workspaces.length === 0) throw new ApiError(403, 'forbidden', 'You are not a member of any workspace; ask an owner to add you.');
  if (named === undefined)
    throw invalidRequest([{ path: 'workspace', message: `you belong to ${workspaces.length} workspaces (${names}); name one` }]);
  if (matching.length === 0) throw invalidRequest([{ path: 'workspace', message: `no workspace "${named}" of yours; yours are ${names}` }]);
  throw invalidRequest([{ path: 'workspace', message: `several of your workspaces are called "${named}"; use its id` }]);
}

async function resolveTemplate(tx: TransactionSql, workspace: { id: string; name: string }, template: string): Promise<string> {
  const rows = await tx<{ id: string }[]>`
    select id from public.templates
    where workspace_id = ${workspace.id} and (${UUID.test(template) ? tx`id = ${template}::uuid or ` : tx``} name = ${template})`;
  if (rows.length === 1 && rows[0]) return rows[0].id;
  if (rows.length > 1) throw invalidRequest([{ path: 'template', message: `several templates are called "${template}"; use its id` }]);
  const names = await tx<{ name: string }[]>`select name from public.templates where workspace_id = ${workspace.id} order by name limit 20`;
  const known = names.length > 0 ? `; templates there: ${names.map((n) => `"${n.name}"`).join(', ')}` : '; make one in the dashboard first';
  throw invalidRequest([{ path: 'template', message: `no template "${template}" in workspace "${workspace.name}"${known}` }]);
}

/**
 * The job an earlier request with this Idempotency-Key started, when it asked for the same thing;
 * a 422 naming that job when it asked for something else.
 */
async function earlierJob(
  tx: TransactionSql,
  workspaceId: string,
  key: string,
  wanted: { params: unknown; priority: number },
): Promise<CreatedJob | undefined> {
  const [job] = await tx<{ id: string; status: string; created_at: string; template_id: string; products: number; same: boolean }[]>`
    select id, status, created_at, params->>'template_id' as template_id, jsonb_array_length(params->'skus') as products,
      (params = ${tx.json(wanted.params as never)}::jsonb and priority = ${wanted.priority}) as same
    from public.jobs where workspace_id = ${workspaceId} and idempotency_key = ${key}`;
  if (!job) return undefined;
  const { same, ...found } = job;
  if (!same)
    throw new ApiError(
      422,
      'idempotency_key_reused',
      `Idempotency-Key "${key}" already started job ${job.id} with other products, template or options; send a new key for a new job.`,
    );
  return { ...found, workspace_id: workspaceId, replayed: true };
}

export async function createLabelRun(sql: Sql, caller: Caller, request: JobRequest, idempotencyKey?: string): Promise<CreatedJob> {
  const { skus, rows } = splitProducts(request.products);
  try {
    return await asCaller(sql, caller, async (tx) => {
      const workspace = await resolveWorkspace(tx, caller, request.workspace);
      const templateId = await resolveTemplate(tx, workspace, request.template);
      const params = labelRunParams.parse({ ...request.options, skus, template_id: templateId });
      const wanted = { params, priority: request.priority };
      if (idempotencyKey) {
        const earlier = await earlierJob(tx, workspace.id, idempotencyKey, wanted);
        if (earlier) return earlier;
      }
      if (rows.length > 0) {
        const values = rows.map((row) => ({ workspace_id: workspace.id, ...row, attributes: tx.json(row.attributes as never) }));
        await tx`
          insert into public.products ${tx(values as never, 'workspace_id', 'sku', 'name', 'price', 'currency', 'gtin', 'url', 'attributes')}
          on conflict (workspace_id, sku) do update set
            name = excluded.name, price = excluded.price, currency = excluded.currency, gtin = excluded.gtin,
            url = excluded.url, attributes = excluded.attributes`;
      }
      const found = new Set(
        (
          await tx<{ sku: string }[]>`select sku from public.products where workspace_id = ${workspace.id} and sku = any(${skus}::text[])`
        ).map((row) => row.sku),
      );
      const missing: Issue[] = [];
      request.products.forEach((product, index) => {
        if (typeof product === 'string' && !found.has(product))
          missing.push({
            path: `products[${index}]`,
            message: `no product with SKU "${product}" in workspace "${workspace.name}"; import it first or send the whole row`,
          });
      });
      if (missing.length > 0) throw invalidRequest(missing);
      // a request with the same key running at the same time: the insert waits for it, then finds its job
      const [job] = await tx<{ id: string; status: string; created_at: string }[]>`
        insert into public.jobs (workspace_id, kind, params, priority, idempotency_key)
        values (${workspace.id}, 'label_run', ${tx.json(params as never)}, ${request.priority}, ${idempotencyKey ?? null})
        on conflict (workspace_id, idempotency_key) where idempotency_key is not null do nothing
        returning id, status, created_at`;
      if (!job && idempotencyKey) {
        const raced = await earlierJob(tx, workspace.id, idempotencyKey, wanted);
        if (raced) return raced;
      }
      if (!job) throw new Error('the job row was not created');
      await tx`
        insert into public.job_events (workspace_id, job_id, type, payload)
        values (${workspace.id}, ${job.id}, 'job:created', ${tx.json(
          (caller.kind === 'key' ? { via: 'api', api_key: caller.prefix } : { via: 'api', user_id: caller.userId }) as never,
        )})`;
      return { ...job, workspace_id: workspace.id, template_id: templateId, products: skus.length, replayed: false };
    });
  } catch (error) {
    if ((error as { code?: string }).code === RLS_REFUSED)
      throw new ApiError(403, 'forbidden', 'Viewers cannot start jobs; ask an owner of the workspace to make you an editor.');
    throw error;
  }
}
