/**
 * The crawl stage: loads one product page into a browser page under the SSRF guard and reports what
 * came back — final URL, HTTP status, title, HTML, timings and the requests the guard blocked.
 * Its I/O is passed in (the page, the guard, the per-host limiter, an AbortSignal). Transient
 * failures (network errors, timeouts, 5xx, 408, 429) are retried with backoff; 4xx, blocked
 * addresses, redirect loops and pages over the weight limit fail at once with a CrawlError whose
 * message says what to do. Cancel (the signal) rejects at once with the signal's reason and cuts
 * the page's in-flight requests, which ends the browser's navigation.
 */
import type { Page, Response } from 'playwright-core';
import { CrawlError } from './crawl-error.ts';
import { type BlockedRequest, type CrawlLimits, DEFAULT_LIMITS, type GuardSession, guardPage } from './guard-page.ts';
import type { HostLimiter } from './host-limiter.ts';
import type { GuardDecision, SsrfGuard } from './ssrf-guard.ts';

export interface CrawlOptions {
  guard: SsrfGuard;
  limiter: HostLimiter;
  signal?: AbortSignal;
  limits?: Partial<CrawlLimits>;
  /** Extra attempts after a transient failure (default 2). */
  retries?: number;
  /** First backoff, doubled per attempt (default 500 ms); a Retry-After header can lengthen it (up to 10 s). */
  backoffMs?: number;
  /** After DOMContentLoaded, how long to wait for the load event before reading the page anyway (default 5 s). */
  loadWaitMs?: number;
}

export interface CrawlTimings {
  totalMs: number;
  /** Last attempt: navigation start to DOMContentLoaded, redirect hops included. */
  navigationMs: number;
  /** Last attempt: navigation start to the load event (or to giving up on it). */
  loadMs: number;
  attempts: number;
  redirects: number;
  bytes: number;
}

export interface CrawlResult {
  url: string;
  finalUrl: string;
  status: number | null;
  title: string;
  html: string;
  timings: CrawlTimings;
  blocked: BlockedRequest[];
}

const MAX_RETRY_AFTER_MS = 10_000;
/** The guard's own request deadline fires first, so a slow page ends as a clean CrawlError, not a half-done navigation. */
const GOTO_GRACE_MS = 1_000;

/** Rejects with the signal's reason as soon as it fires; `promise` is left to settle on its own. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  promise.catch(() => {}); // its failure after an abort is expected; the abort reason is what the caller sees
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return raceAbort(new Promise<void>((resolve) => setTimeout(resolve, ms).unref()), signal);
}

function decisionError(decision: Extract<GuardDecision, { ok: false }>): CrawlError {
  if (decision.kind === 'blocked') return new CrawlError('blocked', `blocked: ${decision.reason}`, false);
  if (decision.kind === 'dns') return new CrawlError('network', decision.reason, decision.retryable);
  return new CrawlError('invalid_url', decision.reason, false);
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function navigationError(error: unknown, url: string, limits: CrawlLimits): CrawlError {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'TimeoutError') {
    return new CrawlError('timeout', `${url} did not load within ${seconds(limits.navigationTimeoutMs)}`, true);
  }
  const net = /net::[A-Z_]+/.exec(message)?.[0];
  return new CrawlError('network', `${url} could not be loaded (${net ?? message.split('\n')[0]})`, true);
}

class HttpFailure extends CrawlError {
  constructor(
    url: string,
    status: number,
    readonly retryAfterMs: number | null,
  ) {
    super('http', `${url} returned ${status}`, status >= 500 || status === 429 || status === 408, status);
  }
}

function retryAfter(response: Response, headers: Record<string, string>): number | null {
  const value = headers['retry-after'];
  if (!value || response.status() < 400) return null;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : null;
}

/** Title and HTML; a page that navigates itself while being read is read again once it has settled. */
async function readPage(page: Page, signal: AbortSignal): Promise<[string, string]> {
  for (let tries = 1; ; tries++) {
    try {
      return await raceAbort(Promise.all([page.title(), page.content()]), signal);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      const message = error instanceof Error ? error.message : String(error);
      if (tries >= 3 || !/context was destroyed|navigat/i.test(message)) throw error;
      await raceAbort(page.waitForLoadState('domcontentloaded', { timeout: 5_000 }), signal).catch((e: unknown) => {
        if (signal.aborted) throw signal.reason;
        if (!(e instanceof Error && e.name === 'TimeoutError')) throw e;
      });
    }
  }
}

interface Attempt {
  finalUrl: string;
  status: number | null;
  title: string;
  html: string;
  navigationMs: number;
  loadMs: number;
  redirects: number;
  session: GuardSession;
}

async function attemptCrawl(page: Page, session: GuardSession, url: string, loadWaitMs: number): Promise<Attempt> {
  const { limits, signal } = session;
  const started = performance.now();
  const visited = [url];
  let current = url;
  let response: Response | null = null;
  for (;;) {
    session.mainRedirect = null;
    session.mainFailure = null;
    let failure: unknown = null;
    // One time budget for the whole chain of redirects, not one per hop.
    const left = limits.navigationTimeoutMs - (performance.now() - started);
    if (left <= 0) throw new CrawlError('timeout', `${url} did not load within ${seconds(limits.navigationTimeoutMs)}`, true);
    try {
      response = await raceAbort(page.goto(current, { waitUntil: 'domcontentloaded', timeout: left + GOTO_GRACE_MS }), signal);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      failure = error;
    }
    if (session.mainFailure) throw session.mainFailure;
    const redirect = session.mainRedirect as { to: string; status: number } | null;
    if (redirect) {
      if (visited.includes(redirect.to)) {
        throw new CrawlError('redirects', `${url} is a redirect loop (${[...visited, redirect.to].join(' → ')}); fix the URL`, false);
      }
      if (visited.length > limits.maxRedirects) {
        throw new CrawlError(
          'redirects',
          `${url} redirected more than ${limits.maxRedirects} times (last to ${redirect.to}); fix the URL`,
          false,
        );
      }
      visited.push(redirect.to);
      current = redirect.to;
      continue;
    }
    if (failure) throw navigationError(failure, current, limits);
    break;
  }
  const navigationMs = performance.now() - started;
  const status = response?.status() ?? null;
  if (response && status !== null && status >= 400) {
    throw new HttpFailure(page.url(), status, retryAfter(response, await response.allHeaders()));
  }
  const remaining = Math.max(0, limits.navigationTimeoutMs - navigationMs);
  try {
    await raceAbort(page.waitForLoadState('load', { timeout: Math.max(1, Math.min(loadWaitMs, remaining)) }), signal);
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    if (!(error instanceof Error && error.name === 'TimeoutError')) throw error;
    // A tracker that never finishes must not fail the product: read what has loaded.
  }
  const loadMs = performance.now() - started;
  // The page may have navigated itself (script or meta refresh) to a place the guard refused.
  if (session.mainFailure) throw session.mainFailure;
  const finalUrl = page.url();
  const [title, html] = await readPage(page, signal);
  return { finalUrl, status, title, html, navigationMs, loadMs, redirects: visited.length - 1, session };
}

/** Loads `url` into `page`; see the module comment for what is retried and what fails at once. */
export async function crawlPage(page: Page, url: string, options: CrawlOptions): Promise<CrawlResult> {
  const signal = options.signal ?? new AbortController().signal;
  signal.throwIfAborted();
  const limits: CrawlLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const retries = Math.max(0, options.retries ?? 2);
  const backoffMs = options.backoffMs ?? 500;
  const loadWaitMs = options.loadWaitMs ?? 5_000;
  const started = performance.now();

  const first = await raceAbort(options.guard.check(url), signal);
  if (!first.ok) throw decisionError(first);
  const guarded = await guardPage(page, options.guard);

  for (let attempt = 1; ; attempt++) {
    try {
      const done = await options.limiter.run(
        first.url.host,
        () => attemptCrawl(page, guarded.begin(options.guard, limits, signal), first.url.href, loadWaitMs),
        signal,
      );
      return {
        url,
        finalUrl: done.finalUrl,
        status: done.status,
        title: done.title,
        html: done.html,
        blocked: done.session.blocked,
        timings: {
          totalMs: Math.round(performance.now() - started),
          navigationMs: Math.round(done.navigationMs),
          loadMs: Math.round(done.loadMs),
          attempts: attempt,
          redirects: done.redirects,
          bytes: done.session.bytes,
        },
      };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (!(error instanceof CrawlError)) throw error;
      if (!error.retryable || attempt > retries) {
        if (attempt === 1) throw error;
        throw new CrawlError(error.kind, `${error.message} (${attempt} attempts)`, error.retryable, error.status);
      }
      const hinted = error instanceof HttpFailure && error.retryAfterMs !== null ? Math.min(error.retryAfterMs, MAX_RETRY_AFTER_MS) : 0;
      await sleep(Math.max(backoffMs * 2 ** (attempt - 1), hinted), signal);
    }
  }
}
