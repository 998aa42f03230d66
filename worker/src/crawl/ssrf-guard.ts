/**
 * The crawler's SSRF guard: the shared one (shared/src/net) with its allowlist from env
 * CRAWL_ALLOW_HOSTS unless one is given.
 */
import { type AllowEntry, parseAllowHosts, type Resolver, type SsrfGuard, createSsrfGuard as sharedGuard } from '@tagwright/shared/net';

export type { GuardDecision, ResolvedAddress, Resolver, SsrfGuard } from '@tagwright/shared/net';

export interface CrawlGuardOptions {
  /** Parsed allowlist; defaults to env CRAWL_ALLOW_HOSTS. */
  allowHosts?: readonly AllowEntry[];
  resolve?: Resolver;
}

export function createSsrfGuard(options: CrawlGuardOptions = {}): SsrfGuard {
  return sharedGuard({ ...options, allowHosts: options.allowHosts ?? parseAllowHosts(process.env.CRAWL_ALLOW_HOSTS) });
}
