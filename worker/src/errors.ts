/**
 * How a job attempt can end badly, and what the runtime does about it: retryable errors are retried
 * with backoff, permanent ones fail the job at once, aborts (cancel, timeout, lost lease, shutdown)
 * each have their own outcome.
 */

/** Throw from a stage for a failure that may pass on its own (network, timeouts, 5xx). */
export class RetryableError extends Error {
  override readonly name = 'RetryableError';
}

/** Throw from a stage for a failure that retrying cannot fix (bad params, 4xx, bad data). */
export class PermanentError extends Error {
  override readonly name = 'PermanentError';
}

export type AbortKind = 'canceled' | 'timeout' | 'lease_lost' | 'shutdown';

/** The reason given to a job's AbortSignal; stages see it as `signal.reason`. */
export class JobAbort extends Error {
  override readonly name = 'JobAbort';
  constructor(
    readonly kind: AbortKind,
    message: string,
  ) {
    super(message);
  }
}

const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  '40001', // serialization_failure
  '40P01', // deadlock_detected
  '57P01', // admin_shutdown
  '53300', // too_many_connections
]);

/** Unknown errors count as retryable: a bug retried a few times costs less than a lost job. */
export function isRetryable(error: unknown): boolean {
  if (error instanceof PermanentError) return false;
  if (error instanceof RetryableError) return true;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return true;
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && RETRYABLE_CODES.has(code)) return true;
  if (typeof code === 'string' && /^(22|23|42)/.test(code)) return false; // data, constraint or SQL errors: retrying won't help
  return true;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
