/**
 * POST /functions/v1/webhooks {delivery_id}: the database asks for a delivery (net.http_post from
 * the jobs trigger or the sweep, with X-Tagwright-Dispatch). Also takes a Supabase Database
 * Webhook's body ({type, table, record: {id}}) so a hosted project may wire it either way.
 * Answers 202 at once and delivers in the background (EdgeRuntime.waitUntil where there is one).
 */
import type { Sql } from '../../../shared/src/db.ts';
import type { SsrfGuard } from '../../../shared/src/net/index.ts';
import { ApiError, errorResponse, invalidRequest, json, readJsonBody } from '../_shared/http.ts';
import { claimDelivery, deliver } from './deliver.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INSUFFICIENT_PRIVILEGE = '42501';

export interface WebhooksDeps {
  sql: () => Sql;
  /** Keeps background work alive after the answer (EdgeRuntime.waitUntil on hosted Supabase). */
  background: (work: Promise<unknown>) => void;
  /** Refuses receivers at internal addresses (allowlist: WEBHOOK_ALLOW_HOSTS). */
  guard: SsrfGuard;
}

export function deliveryIdOf(body: unknown): string {
  const record = (body as { record?: { id?: unknown } } | null)?.record;
  const id = (body as { delivery_id?: unknown } | null)?.delivery_id ?? record?.id;
  if (typeof id !== 'string' || !UUID.test(id))
    throw invalidRequest([{ path: 'delivery_id', message: 'a webhook_deliveries id (UUID) is required' }]);
  return id;
}

export async function handleWebhooks(request: Request, deps: WebhooksDeps): Promise<Response> {
  try {
    if (request.method !== 'POST') throw new ApiError(405, 'method_not_allowed', 'POST a {"delivery_id": …} here.', [], { allow: 'POST' });
    const token = request.headers.get('x-tagwright-dispatch') ?? '';
    if (!token) throw new ApiError(401, 'unauthorized', 'Only the database dispatches webhooks (X-Tagwright-Dispatch is missing).');
    const id = deliveryIdOf(await readJsonBody(request, 64 * 1024));
    const sql = deps.sql();
    const claimed = await claimDelivery(sql, id, token).catch((error: { code?: string }) => {
      if (error.code === INSUFFICIENT_PRIVILEGE) throw new ApiError(401, 'unauthorized', 'Wrong dispatch token.');
      throw error;
    });
    if (!claimed) return json({ delivery_id: id, status: 'skipped', reason: 'already delivered, being delivered, or unknown' });
    deps.background(
      deliver(sql, claimed, deps.guard).then(
        (outcome) => console.log(JSON.stringify({ level: 'info', function: 'webhooks', delivery_id: id, ...outcome })),
        (error: Error) =>
          console.error(
            JSON.stringify({
              level: 'error',
              function: 'webhooks',
              delivery_id: id,
              error: error.message,
              note: 'the sweep will retry it',
            }),
          ),
      ),
    );
    return json({ delivery_id: id, status: 'accepted' }, 202);
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error);
    console.error(JSON.stringify({ level: 'error', function: 'webhooks', error: String(error) }));
    return errorResponse(new ApiError(500, 'internal_error', `Delivering failed: ${(error as Error).message}`));
  }
}
