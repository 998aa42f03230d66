/** Tells a lost or refused connection (retry with backoff) from a problem retrying cannot fix (report it). */

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'CONNECTION_CLOSED', // postgres.js
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
]);

// SQLSTATEs of a server that is going away or not ready yet, or out of connections / slots for now.
const RETRYABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '53400', '55006']);

const LOST_CONNECTION =
  /connection terminated|terminating connection|server closed the connection|socket hang up|ended the replication stream/i;

/** True when trying again later may work: the server restarted, the network dropped, it is starting up. */
export function isRecoverable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code) || RETRYABLE_SQLSTATES.has(code) || code.startsWith('08')) return true;
  }
  if (LOST_CONNECTION.test(error.message)) return true;
  return error instanceof AggregateError && error.errors.some(isRecoverable);
}

/** One line for logs and events, with the SQLSTATE when Postgres gave one. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const message = error.message || (error instanceof AggregateError ? error.errors.map(describeError).join('; ') : error.name);
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}
