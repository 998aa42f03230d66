/**
 * The local stand-in for pg_net's background worker: requests that net.http_post queued in
 * net.http_request_queue (see stack/sql/bootstrap.sql) are taken off the queue, sent with their
 * timeout, and answered into net._http_response, as on hosted Supabase. Woken by NOTIFY
 * tagwright_net, and polls every second so nothing queued while it was down waits long.
 * Mounted only when the database uses the stand-in (a real pg_net does this itself).
 */
import type { Sql } from '@tagwright/shared';
import type { Service, ServiceContext } from '../services.ts';

const BATCH = 20;
const POLL_MS = 1000;
/** pg_net keeps answers for 6 hours by default. */
const RESPONSE_TTL = '6 hours';
const MAX_CONTENT_CHARS = 100_000;

interface QueuedRequest {
  id: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer | null;
  timeout_milliseconds: number;
}

export async function startNet(context: ServiceContext): Promise<Service> {
  const { sql, log } = context;
  if (!(await usesStandIn(sql))) return { stop: async () => {} };
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let draining = false;
  let again = false;

  const send = async (request: QueuedRequest): Promise<void> => {
    let answer: { status: number; contentType: string | null; headers: Record<string, string>; content: string } | undefined;
    let timedOut = false;
    let error: string | null = null;
    try {
      const response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body && request.method !== 'GET' ? { body: new Uint8Array(request.body) } : {}),
        signal: AbortSignal.timeout(request.timeout_milliseconds),
        redirect: 'manual',
      });
      const content = await response.text();
      answer = {
        status: response.status,
        contentType: response.headers.get('content-type'),
        headers: Object.fromEntries(response.headers),
        content: content.slice(0, MAX_CONTENT_CHARS),
      };
    } catch (cause) {
      timedOut = (cause as Error).name === 'TimeoutError';
      error = timedOut ? `Timeout of ${request.timeout_milliseconds} ms reached` : String((cause as Error).cause ?? cause);
      log(`net: ${request.method} ${request.url} failed: ${error}`);
    }
    await sql`
      insert into net._http_response (id, status_code, content_type, headers, content, timed_out, error_msg)
      values (${request.id}, ${answer?.status ?? null}, ${answer?.contentType ?? null}, ${answer ? sql.json(answer.headers) : null},
              ${answer?.content ?? null}, ${timedOut}, ${error})`;
  };

  // Takes a batch off the queue and sends it; loops while there is more (or a wake-up came meanwhile).
  const drain = async (): Promise<void> => {
    if (draining) {
      again = true;
      return;
    }
    draining = true;
    try {
      do {
        again = false;
        const batch = await sql<QueuedRequest[]>`
          delete from net.http_request_queue where id in (
            select id from net.http_request_queue order by id limit ${BATCH} for update skip locked)
          returning id::text, method, url, headers, body, timeout_milliseconds`;
        for (const request of batch) {
          const sending = send(request).catch((error: Error) =>
            log(`net: could not record the answer to request ${request.id}: ${error.message}`),
          );
          inFlight.add(sending);
          void sending.finally(() => inFlight.delete(sending));
        }
        if (batch.length === BATCH) again = true;
      } while (again && !stopped);
    } catch (error) {
      if (!stopped) log(`net: reading the request queue failed: ${(error as Error).message}`);
    } finally {
      draining = false;
    }
  };

  const listener = await sql.listen(
    'tagwright_net',
    () => void drain(),
    () => void drain(),
  );
  const poll = setInterval(() => void drain(), POLL_MS);
  const sweep = setInterval(
    () =>
      void sql`delete from net._http_response where created < now() - ${RESPONSE_TTL}::interval`.catch((error: Error) =>
        log(`net: removing old answers failed: ${error.message}`),
      ),
    60_000,
  );
  return {
    async stop() {
      stopped = true;
      clearInterval(poll);
      clearInterval(sweep);
      await listener.unlisten();
      await Promise.allSettled([...inFlight]);
    },
  };
}

/** The bootstrap made net.http_request_queue because this Postgres has no pg_net extension. */
async function usesStandIn(sql: Sql): Promise<boolean> {
  const [row] = await sql<{ queue: boolean; extension: boolean }[]>`
    select to_regclass('net.http_request_queue') is not null as queue,
           exists (select 1 from pg_extension where extname = 'pg_net') as extension`;
  return Boolean(row?.queue && !row.extension);
}
