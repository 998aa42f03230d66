/**
 * An SSRF allowlist — the crawler's from env `CRAWL_ALLOW_HOSTS`, webhooks' from `WEBHOOK_ALLOW_HOSTS`:
 * comma-separated `host` or `host:port` entries
 * (`[::1]:8080` for IPv6). A URL is allowed when its host matches an entry exactly (case-insensitive,
 * IP literals compared in canonical form) and, if the entry names a port, the URL's port (80/443
 * when none is written) matches too. Allowed hosts skip the address check — the demo shop and tests
 * run on 127.0.0.1 — so keep entries exact; there are no wildcards and no global off switch.
 */
import { canonicalIp } from './address-classifier.ts';

export interface AllowEntry {
  host: string;
  port: number | null;
}

function normalHost(host: string): string {
  const lower = host.toLowerCase().replace(/\.$/, '');
  return canonicalIp(lower) ?? lower;
}

export function effectivePort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

/** Parses the env value; throws naming the variable and the entry that is not a host or host:port. */
export function parseAllowHosts(value: string | undefined, variable = 'CRAWL_ALLOW_HOSTS'): AllowEntry[] {
  if (!value?.trim()) return [];
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      let url: URL;
      try {
        url = new URL(`http://${entry}`);
      } catch {
        throw new Error(`${variable}: "${entry}" is not a host or host:port; write entries like shop.example or 127.0.0.1:4000`);
      }
      if (url.pathname !== '/' || url.search || url.hash || url.username || url.password || !url.hostname) {
        throw new Error(`${variable}: "${entry}" is not a host or host:port; write entries like shop.example or 127.0.0.1:4000`);
      }
      const explicitPort = /:\d+$/.test(entry) ? Number(entry.slice(entry.lastIndexOf(':') + 1)) : null;
      return { host: normalHost(url.hostname), port: explicitPort };
    });
}

export function isAllowedHost(url: URL, entries: readonly AllowEntry[]): boolean {
  if (entries.length === 0) return false;
  const host = normalHost(url.hostname);
  const port = effectivePort(url);
  return entries.some((e) => e.host === host && (e.port === null || e.port === port));
}
