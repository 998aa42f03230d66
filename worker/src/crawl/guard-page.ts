/**
 * Puts a page's whole network under the SSRF guard. Every request the page makes — the document,
 * each redirect hop, subresources, iframes, fetch/XHR — goes through one route handler that asks the
 * guard, then sends the request itself from Node to the address the guard checked and fulfils the
 * page with the answer; blocked requests are aborted and recorded with the reason.
 *
 * Why fetch ourselves instead of `route.continue()`: with continue, Chromium resolves the hostname
 * again after our check, and a DNS-rebinding host can answer public for us and 127.0.0.1 for it.
 * `--host-resolver-rules` is global to the browser and `route.fetch()` can't pin an address, so the
 * handler pins: one resolution, checked, then connected to. Two consequences handled here:
 * - Chromium does not route the follow-up of a redirect we fulfil, so we never hand it a redirect:
 *   subresource redirects are followed in Node (each hop checked), and a main-document redirect is
 *   reported to crawlPage, which navigates to the next hop itself (so the page URL stays right).
 * - WebSockets are not routed through this handler; they are refused outright (a product page
 *   needs none). The browser is also launched with a dead proxy (browser/network-sink.ts), so
 *   anything that still escapes routing (preconnects, service workers) fails closed.
 * Residual: the subresource URL after a Node-followed redirect is the pre-redirect one (relative
 * URLs inside a redirected stylesheet resolve against it).
 */
import type { Page, Request, Route } from 'playwright-core';
import { CrawlError } from './crawl-error.ts';
import { pinnedFetch } from './pinned-fetch.ts';
import type { SsrfGuard } from './ssrf-guard.ts';

export interface BlockedRequest {
  url: string;
  reason: string;
}

export interface CrawlLimits {
  /** Per navigation and per request, ms. */
  navigationTimeoutMs: number;
  /** All bytes the page downloads (decoded), document included. */
  maxBytes: number;
  maxRedirects: number;
}

export const DEFAULT_LIMITS: CrawlLimits = { navigationTimeoutMs: 15_000, maxBytes: 20 * 1024 * 1024, maxRedirects: 10 };

/** What the guard saw during one crawl of a page. */
export interface GuardSession {
  readonly guard: SsrfGuard;
  readonly limits: CrawlLimits;
  readonly signal: AbortSignal;
  readonly blocked: BlockedRequest[];
  bytes: number;
  /** Set when the main document answered with a redirect: crawlPage goes there next. */
  mainRedirect: { to: string; status: number } | null;
  /** Set when the main document could not be loaded, with the reason a user should see. */
  mainFailure: CrawlError | null;
}

export interface GuardedPage {
  /** Starts a new session (fresh counters) for the next navigation; earlier in-flight requests are cut off. */
  begin(guard: SsrfGuard, limits: CrawlLimits, signal: AbortSignal): GuardSession;
}

const installed = new WeakMap<Page, GuardedPage>();

/** Chromium may ask twice for one resource (preload scanner, then the parser); report it once. */
function record(session: GuardSession, url: string, reason: string): void {
  if (!session.blocked.some((b) => b.url === url && b.reason === reason)) session.blocked.push({ url, reason });
}

class WeightLimit extends Error {}

/** Certificate problems don't go away on a retry. */
const TLS_CODES = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/;

function megabytes(bytes: number): string {
  return `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

function isMainDocument(page: Page, request: Request): boolean {
  try {
    return request.isNavigationRequest() && request.frame() === page.mainFrame();
  } catch {
    return false; // service-worker requests have no frame; they are never the main document
  }
}

/** Route calls fail once the page is gone or another handler answered; nothing is left to do then. */
async function settle(action: Promise<void>): Promise<void> {
  try {
    await action;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/closed|already handled|Target page|has been closed/i.test(message)) return;
    throw error;
  }
}

/**
 * The main document is never aborted: an aborted navigation makes Chromium commit an error page a
 * moment later, and that late navigation interrupts the next crawl on the page. Instead it gets an
 * empty page, and crawlPage reports what the session recorded (redirect, block, failure).
 */
function stopMain(route: Route): Promise<void> {
  return settle(route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title></title>' }));
}

function networkReason(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

async function handle(page: Page, session: GuardSession, route: Route): Promise<void> {
  const request = route.request();
  const main = isMainDocument(page, request);
  const { guard, limits, signal } = session;
  if (signal.aborted) return main ? stopMain(route) : settle(route.abort('aborted'));

  let url = request.url();
  let method = request.method();
  let body = request.postDataBuffer();
  const headers = await request.allHeaders();
  try {
    for (let hop = 0; ; hop++) {
      const decision = await guard.check(url);
      if (!decision.ok) {
        if (decision.kind === 'blocked') {
          record(session, url, decision.reason);
          if (!main) return settle(route.abort('blockedbyclient'));
          session.mainFailure = new CrawlError('blocked', `blocked: ${decision.reason}`, false);
          return stopMain(route);
        }
        if (!main) return settle(route.abort(decision.kind === 'dns' ? 'namenotresolved' : 'failed'));
        session.mainFailure = new CrawlError(decision.kind === 'dns' ? 'network' : 'invalid_url', decision.reason, decision.retryable);
        return stopMain(route);
      }
      const response = await pinnedFetch({
        url: decision.url,
        method,
        headers,
        body,
        pinned: decision.pinned,
        timeoutMs: limits.navigationTimeoutMs,
        signal,
        onBytes(bytes) {
          session.bytes += bytes;
          if (session.bytes > limits.maxBytes) throw new WeightLimit();
        },
      });
      const location = response.headers.location;
      if (isRedirect(response.status) && location) {
        const next = new URL(location, url).href;
        if (main) {
          session.mainRedirect = { to: next, status: response.status };
          return stopMain(route);
        }
        if (hop >= limits.maxRedirects) {
          record(session, request.url(), `more than ${limits.maxRedirects} redirects`);
          return settle(route.abort('failed'));
        }
        if (response.status === 303 || (method === 'POST' && response.status !== 307 && response.status !== 308)) {
          method = 'GET';
          body = null;
        }
        url = next;
        continue;
      }
      return settle(route.fulfill({ status: response.status, headers: response.headers, body: response.body }));
    }
  } catch (error) {
    if (signal.aborted) return main ? stopMain(route) : settle(route.abort('aborted'));
    const code = (error as { code?: string }).code;
    if (error instanceof WeightLimit) {
      if (!main) {
        record(session, url, `page weight limit of ${megabytes(limits.maxBytes)} reached`);
        return settle(route.abort('blockedbyclient'));
      }
      session.mainFailure = new CrawlError('too_large', `${url} is larger than the ${megabytes(limits.maxBytes)} page weight limit`, false);
    } else if (main && typeof code === 'string' && TLS_CODES.test(code)) {
      session.mainFailure = new CrawlError(
        'network',
        `${url} has a TLS certificate the crawler does not trust: ${networkReason(error)}`,
        false,
      );
    } else if (main) {
      session.mainFailure =
        code === 'ETIMEDOUT'
          ? new CrawlError('timeout', `${url} did not load within ${limits.navigationTimeoutMs / 1000} s`, true)
          : new CrawlError('network', `${url} could not be loaded: ${networkReason(error)}`, true);
    } else {
      return settle(route.abort(code === 'ECONNREFUSED' ? 'connectionrefused' : code === 'ETIMEDOUT' ? 'timedout' : 'failed'));
    }
    return stopMain(route);
  }
}

/**
 * Installs the route handler on `page` once (later calls return the same handle). Until the first
 * `begin`, the page's requests are checked by `guard` with the default limits.
 */
export async function guardPage(page: Page, guard: SsrfGuard): Promise<GuardedPage> {
  const existing = installed.get(page);
  if (existing) return existing;
  const idle = new AbortController();
  let session: GuardSession = {
    guard,
    limits: DEFAULT_LIMITS,
    signal: idle.signal,
    blocked: [],
    bytes: 0,
    mainRedirect: null,
    mainFailure: null,
  };
  const handle_: GuardedPage = {
    begin(guard, limits, signal) {
      session = { guard, limits, signal, blocked: [], bytes: 0, mainRedirect: null, mainFailure: null };
      return session;
    },
  };
  installed.set(page, handle_);
  await page.route('**/*', (route) => {
    const current = session;
    return handle(page, current, route).catch((error: unknown) => {
      // A bug here must not crash the worker or let the request through: refuse it and say why.
      record(current, route.request().url(), `guard error: ${error instanceof Error ? error.message : String(error)}`);
      return settle(route.abort('failed'));
    });
  });
  await page.routeWebSocket(/.*/, (ws) => {
    record(session, ws.url(), 'WebSockets are not allowed while crawling');
    void ws.close({ code: 1008, reason: 'blocked by the crawler' });
  });
  return handle_;
}
