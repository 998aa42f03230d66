/**
 * The crawl stage's public face: `createCrawler` bundles the SSRF guard (allowlist from env
 * CRAWL_ALLOW_HOSTS) and the per-host limiter a worker process shares, and `open` loads a URL into a
 * pooled page with them — the shape label_run's PipelineResources.open expects.
 */
import type { Page } from 'playwright-core';
import { type CrawlOptions, type CrawlResult, crawlPage } from './crawl-page.ts';
import type { CrawlLimits } from './guard-page.ts';
import { createHostLimiter, type HostLimiterOptions } from './host-limiter.ts';
import { type CrawlGuardOptions, createSsrfGuard } from './ssrf-guard.ts';

export { forbiddenReason, parseAllowHosts } from '@tagwright/shared/net';
export { CrawlError, type CrawlErrorKind } from './crawl-error.ts';
export { type CrawlOptions, type CrawlResult, crawlPage } from './crawl-page.ts';
export { type BlockedRequest, type CrawlLimits, DEFAULT_LIMITS } from './guard-page.ts';
export { createHostLimiter, type HostLimiter } from './host-limiter.ts';
export { createSsrfGuard, type SsrfGuard } from './ssrf-guard.ts';

export interface Crawler {
  open(page: Page, url: string, signal?: AbortSignal): Promise<CrawlResult>;
}

export interface CrawlerOptions extends CrawlGuardOptions, HostLimiterOptions {
  limits?: Partial<CrawlLimits>;
  retries?: number;
  backoffMs?: number;
}

export function createCrawler(options: CrawlerOptions = {}): Crawler {
  const guard = createSsrfGuard(options);
  const limiter = createHostLimiter(options);
  const base: Omit<CrawlOptions, 'signal'> = {
    guard,
    limiter,
    limits: options.limits,
    retries: options.retries,
    backoffMs: options.backoffMs,
  };
  return {
    open: (page, url, signal) => crawlPage(page, url, { ...base, signal }),
  };
}
