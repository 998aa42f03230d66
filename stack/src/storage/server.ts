/** Local Supabase Storage at /storage/v1 (stand-in for the hosted service, spoken to through supabase-js). */
import { sendJson } from '../gateway/server.ts';
import type { Service, ServiceContext } from '../services.ts';

export async function startStorage(context: ServiceContext): Promise<Service> {
  context.gateway.mount('/storage/v1', (_req, res) =>
    sendJson(res, 501, { error: 'not_implemented', message: 'Storage is not served yet.' }),
  );
  return { stop: async () => {} };
}
