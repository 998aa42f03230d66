/**
 * POST /functions/v1/webhooks: delivers one webhook delivery on the database's request (see
 * handler.ts and the 000800 migration). Not for people: it needs the dispatch token.
 */
import { database } from '../_shared/database.ts';
import { handleWebhooks } from './handler.ts';

declare const EdgeRuntime: { waitUntil(work: Promise<unknown>): void } | undefined;

const background = (work: Promise<unknown>) => {
  if (typeof EdgeRuntime !== 'undefined') EdgeRuntime.waitUntil(work);
  // elsewhere (deno run, the local stack) the process simply keeps running the promise
};

Deno.serve((request) => handleWebhooks(request, { sql: database, background }));
