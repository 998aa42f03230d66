/**
 * POST /functions/v1/webhooks: delivers one webhook delivery on the database's request (see
 * handler.ts and the 000800 migration). Not for people: it needs the dispatch token.
 */
import { createSsrfGuard, parseAllowHosts } from '../../../shared/src/net/index.ts';
import { database } from '../_shared/database.ts';
import { handleWebhooks } from './handler.ts';

declare const EdgeRuntime: { waitUntil(work: Promise<unknown>): void } | undefined;

const background = (work: Promise<unknown>) => {
  if (typeof EdgeRuntime !== 'undefined') EdgeRuntime.waitUntil(work);
  // elsewhere (deno run, the local stack) the process simply keeps running the promise
};

// Receivers on private or loopback addresses (a local test receiver, an intranet service) must be named here.
const guard = createSsrfGuard({
  allowHosts: parseAllowHosts(Deno.env.get('WEBHOOK_ALLOW_HOSTS'), 'WEBHOOK_ALLOW_HOSTS'),
  allowVariable: 'WEBHOOK_ALLOW_HOSTS',
  action: 'sent webhooks',
});

Deno.serve((request) => handleWebhooks(request, { sql: database, background, guard }));
