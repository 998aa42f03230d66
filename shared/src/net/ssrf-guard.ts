/**
 * The SSRF guard's decision for one URL, for the crawler and for webhook deliveries alike: only
 * http and https; hosts on the allowlist pass as they are; every other host is resolved here (all
 * its addresses, through an injectable resolver) and refused when ANY address is forbidden (see
 * address-classifier). An allowed decision carries the address that was checked, so the request can
 * be sent to exactly that address (DNS pinning — the crawler's guard-page.ts does).
 */
import dns from 'node:dns/promises';
import { canonicalIp, forbiddenReason } from './address-classifier.ts';
import { type AllowEntry, isAllowedHost } from './allow-hosts.ts';

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a hostname to all its addresses; rejects with the resolver's error (code ENOTFOUND, EAI_AGAIN…). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) => {
  const found = await dns.lookup(hostname, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

export type GuardDecision =
  | { ok: true; url: URL; allowListed: boolean; pinned: ResolvedAddress | null }
  | { ok: false; url: string; reason: string; kind: 'blocked' | 'invalid_url' | 'dns'; retryable: boolean };

export interface SsrfGuard {
  check(url: string): Promise<GuardDecision>;
}

export interface SsrfGuardOptions {
  /** Parsed allowlist (parseAllowHosts). */
  allowHosts: readonly AllowEntry[];
  resolve?: Resolver;
  /** The setting that holds the allowlist, named in refusals (default CRAWL_ALLOW_HOSTS). */
  allowVariable?: string;
  /** What is done to URLs, for refusals: "crawled" (default), "sent webhooks"… */
  action?: string;
}

export function createSsrfGuard(options: SsrfGuardOptions): SsrfGuard {
  const { allowHosts, resolve = systemResolver, allowVariable = 'CRAWL_ALLOW_HOSTS', action = 'crawled' } = options;
  const ADVICE = `add the host to ${allowVariable} if you trust it`;

  return {
    async check(raw) {
      let url: URL;
      try {
        url = new URL(raw);
      } catch {
        return {
          ok: false,
          url: raw,
          kind: 'invalid_url',
          retryable: false,
          reason: `"${raw}" is not a URL; give a full http(s):// address`,
        };
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        return {
          ok: false,
          url: raw,
          kind: 'blocked',
          retryable: false,
          reason: `only http and https URLs are ${action}, not ${url.protocol}`,
        };
      }
      if (isAllowedHost(url, allowHosts)) return { ok: true, url, allowListed: true, pinned: null };

      // The URL parser has already turned 2130706433, 0177.0.0.1 and 0x7f.1 into 127.0.0.1.
      const literal = canonicalIp(url.hostname);
      if (literal) {
        const why = forbiddenReason(literal);
        if (why) return { ok: false, url: raw, kind: 'blocked', retryable: false, reason: `${literal} is ${why}; ${ADVICE}` };
        return { ok: true, url, allowListed: false, pinned: { address: literal, family: literal.includes(':') ? 6 : 4 } };
      }

      let addresses: ResolvedAddress[];
      try {
        addresses = await resolve(url.hostname);
      } catch (error) {
        const code = (error as { code?: string }).code ?? 'error';
        const retryable = code !== 'ENOTFOUND' && code !== 'ENODATA';
        return {
          ok: false,
          url: raw,
          kind: 'dns',
          retryable,
          reason: `${url.hostname} could not be resolved (${code}); check the address`,
        };
      }
      if (addresses.length === 0) {
        return { ok: false, url: raw, kind: 'dns', retryable: false, reason: `${url.hostname} has no addresses; check the address` };
      }
      for (const a of addresses) {
        const why = forbiddenReason(a.address);
        if (why) {
          return {
            ok: false,
            url: raw,
            kind: 'blocked',
            retryable: false,
            reason: `${url.hostname} resolves to ${a.address}, ${why}; ${ADVICE}`,
          };
        }
      }
      return { ok: true, url, allowListed: false, pinned: addresses[0] as ResolvedAddress };
    },
  };
}
