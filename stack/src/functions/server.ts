/** Local Supabase Functions at /functions/v1 (stand-in for the hosted service, spoken to through supabase-js). */
import { sendJson } from '../gateway/server.ts';
import type { Service, ServiceContext } from '../services.ts';

export async function startFunctions(context: ServiceContext): Promise<Service> {
  context.gateway.mount('/functions/v1', (_req, res) =>
    sendJson(res, 501, { error: 'not_implemented', message: 'Functions is not served yet.' }),
  );
  return { stop: async () => {} };
}
