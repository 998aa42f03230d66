/**
 * Delivers one webhook delivery: claims it (claim_webhook_delivery: once, with the dispatch token),
 * then POSTs the signed message, records each attempt (record_webhook_attempt decides: succeeded,
 * retry after a wait, or failed) and waits between attempts while it holds the delivery. If this
 * process dies meanwhile, the lock runs out and the workers' sweep hands the delivery to another.
 * Each attempt first passes the SSRF guard (the crawler's): a URL that is or resolves to a private,
 * loopback, link-local or metadata address is refused, and the attempt log says why.
 */
import type { Sql } from '../../../shared/src/db.ts';
import type { SsrfGuard } from '../../../shared/src/net/index.ts';
import { type JobEndedEvent, messageBody, type WebhookFormat } from './messages.ts';
import { signatureHeader } from './signature.ts';

export interface ClaimedDelivery {
  id: string;
  event: string;
  payload: JobEndedEvent;
  url: string;
  format: WebhookFormat;
  secret: string;
  timeout_ms: number;
}

export interface AttemptOutcome {
  status: 'succeeded' | 'retrying' | 'failed';
  attempts: number;
  retry_in_ms: number | null;
}

/** The delivery was deleted while it was being sent (its webhook, job or workspace went): nothing is left to record or retry. */
export interface RemovedOutcome {
  status: 'removed';
  note: string;
}

/** record_webhook_attempt's error for a delivery that no longer exists. */
const NO_DATA_FOUND = 'P0002';

const RESPONSE_EXCERPT = 300;

export async function claimDelivery(sql: Sql, deliveryId: string, token: string): Promise<ClaimedDelivery | undefined> {
  const [claimed] = await sql<ClaimedDelivery[]>`
    select id, event, payload, url, format, secret, timeout_ms from public.claim_webhook_delivery(${deliveryId}, ${token})`;
  return claimed;
}

/** One POST: the status code, or why there was none; never throws for the receiver's faults. */
export async function sendOnce(
  delivery: ClaimedDelivery,
  guard: SsrfGuard,
  now: () => number = Date.now,
): Promise<{ statusCode: number | null; error: string | null; durationMs: number }> {
  const body = JSON.stringify(messageBody(delivery.format, delivery.id, delivery.payload));
  const started = now();
  // checked at every attempt: what a name resolves to can change between them
  const target = await guard.check(delivery.url);
  if (!target.ok) return { statusCode: null, error: `not sent: ${target.reason}`, durationMs: Math.max(0, Math.round(now() - started)) };
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(delivery.timeout_ms),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Tagwright-Webhooks/1',
        'tagwright-event': delivery.event,
        'tagwright-delivery': delivery.id,
        'tagwright-signature': await signatureHeader(delivery.secret, body, Math.floor(now() / 1000)),
      },
      body,
    });
    const text = (await response.text()).slice(0, RESPONSE_EXCERPT);
    const durationMs = Math.max(0, Math.round(now() - started));
    if (response.ok) return { statusCode: response.status, error: null, durationMs };
    const where = response.headers.get('location');
    const error =
      response.status >= 300 && response.status < 400
        ? `redirected to ${where ?? '(no location)'}; webhooks don't follow redirects, so use the final URL`
        : `HTTP ${response.status}${text ? `: ${text}` : ''}`;
    return { statusCode: response.status, error, durationMs };
  } catch (cause) {
    const error = cause as Error;
    const message = error.name === 'TimeoutError' ? `no answer within ${delivery.timeout_ms} ms` : `could not connect: ${error.message}`;
    return { statusCode: null, error: message, durationMs: Math.max(0, Math.round(now() - started)) };
  }
}

/**
 * Sends until it succeeds or the retry schedule is used up; the attempts are in webhook_attempts.
 * A delivery deleted meanwhile ends as `removed` (the send that was under way is not recorded).
 */
export async function deliver(
  sql: Sql,
  delivery: ClaimedDelivery,
  guard: SsrfGuard,
  wait: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
): Promise<AttemptOutcome | RemovedOutcome> {
  for (;;) {
    const sent = await sendOnce(delivery, guard);
    const recorded = await sql<AttemptOutcome[]>`
      select * from public.record_webhook_attempt(${delivery.id}, ${sent.statusCode}, ${sent.error}, ${sent.durationMs})`.catch(
      (error: { code?: string }) => {
        if (error.code === NO_DATA_FOUND) return undefined;
        throw error;
      },
    );
    if (!recorded)
      return { status: 'removed', note: 'deleted while being sent (its webhook, job or workspace was removed); nothing to retry' };
    const [outcome] = recorded;
    if (!outcome) throw new Error(`recording an attempt of delivery ${delivery.id} returned nothing`);
    if (outcome.status !== 'retrying' || outcome.retry_in_ms === null) return outcome;
    await wait(outcome.retry_in_ms);
  }
}
