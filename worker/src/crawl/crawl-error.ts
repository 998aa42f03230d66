/**
 * The one error type the crawl stage throws: `kind` says what went wrong, `retryable` whether trying
 * again later may help (network trouble, 5xx, 429, timeouts) or not (blocked by the SSRF guard,
 * 4xx, redirect loops, pages over the weight limit), and the message says it in words a user can
 * act on, e.g. "https://x/p returned 404". Cancellation is not a CrawlError: the crawl rejects
 * with the AbortSignal's own reason.
 */

export type CrawlErrorKind = 'invalid_url' | 'blocked' | 'http' | 'network' | 'timeout' | 'too_large' | 'redirects';

export class CrawlError extends Error {
  override readonly name = 'CrawlError';
  constructor(
    readonly kind: CrawlErrorKind,
    message: string,
    readonly retryable: boolean,
    /** HTTP status of the main document, when one came back. */
    readonly status: number | null = null,
  ) {
    super(message);
  }
}
