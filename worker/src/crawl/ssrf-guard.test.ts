/** The guard's decisions without a browser: schemes, literal addresses in URL notations, DNS answers, the allowlist. */

import { isAllowedHost, parseAllowHosts } from '@tagwright/shared/net';
import { expect, test } from 'vitest';
import { createSsrfGuard, type Resolver } from './ssrf-guard.ts';

const dnsTable: Record<string, string[]> = {
  'shop.example': ['93.184.215.14'],
  'v6shop.example': ['2606:4700::6810:84e5'],
  'mixed.example': ['93.184.215.14', '10.0.0.8'],
  'internal.example': ['fd12::1'],
  'metadata.example': ['169.254.169.254'],
  'mapped.example': ['::ffff:192.168.0.1'],
};
const resolve: Resolver = async (host) => {
  const found = dnsTable[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

async function reason(url: string, allow = '') {
  const decision = await createSsrfGuard({ allowHosts: parseAllowHosts(allow), resolve }).check(url);
  return decision.ok ? 'ok' : decision.reason;
}

test('only http and https', async () => {
  expect(await reason('ftp://shop.example/x')).toBe('only http and https URLs are crawled, not ftp:');
  expect(await reason('file:///etc/passwd')).toBe('only http and https URLs are crawled, not file:');
  expect(await reason('javascript:alert(1)')).toBe('only http and https URLs are crawled, not javascript:');
  expect(await reason('not a url')).toBe('"not a url" is not a URL; give a full http(s):// address');
  expect(await reason('https://shop.example/p/1')).toBe('ok');
});

test('literal addresses in any notation the URL parser accepts are checked', async () => {
  const advice = '; add the host to CRAWL_ALLOW_HOSTS if you trust it';
  expect(await reason('http://2130706433/')).toBe(`127.0.0.1 is a loopback address${advice}`);
  expect(await reason('http://0177.0.0.1/')).toBe(`127.0.0.1 is a loopback address${advice}`);
  expect(await reason('http://0x7f.1/')).toBe(`127.0.0.1 is a loopback address${advice}`);
  expect(await reason('http://[::1]:8080/')).toBe(`::1 is a loopback address${advice}`);
  expect(await reason('http://[::ffff:127.0.0.1]/')).toBe(`::ffff:7f00:1 is an IPv4-mapped form of 127.0.0.1, a loopback address${advice}`);
  expect(await reason('http://169.254.169.254/latest/meta-data/')).toBe(`169.254.169.254 is a cloud metadata address${advice}`);
  expect(await reason('http://0.0.0.0:3000/')).toBe(`0.0.0.0 is the unspecified address${advice}`);
  expect(await reason('http://[fe80::1]/')).toBe(`fe80::1 is a link-local address${advice}`);
  expect(await reason('http://8.8.8.8/')).toBe('ok');
});

test('after DNS: blocked when any address is forbidden', async () => {
  const advice = '; add the host to CRAWL_ALLOW_HOSTS if you trust it';
  expect(await reason('https://mixed.example/')).toBe(`mixed.example resolves to 10.0.0.8, a private address${advice}`);
  expect(await reason('https://internal.example/')).toBe(`internal.example resolves to fd12::1, a private (unique local) address${advice}`);
  expect(await reason('https://metadata.example/')).toBe(`metadata.example resolves to 169.254.169.254, a cloud metadata address${advice}`);
  expect(await reason('https://mapped.example/')).toMatch(
    /^mapped\.example resolves to ::ffff:192\.168\.0\.1, an IPv4-mapped form of 192\.168\.0\.1/,
  );
  expect(await reason('https://v6shop.example/')).toBe('ok');
  expect(await reason('https://nowhere.example/')).toBe('nowhere.example could not be resolved (ENOTFOUND); check the address');
});

test('the system resolver: localhost resolves to loopback and is blocked', async () => {
  const decision = await createSsrfGuard({ allowHosts: [] }).check('http://localhost:1234/');
  expect(decision.ok).toBe(false);
  expect(decision.ok ? '' : decision.reason).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), a loopback address/);
});

test('an allowed decision pins the checked address', async () => {
  const decision = await createSsrfGuard({ allowHosts: [], resolve }).check('https://shop.example/p/1');
  expect(decision).toMatchObject({ ok: true, allowListed: false, pinned: { address: '93.184.215.14', family: 4 } });
});

test('allowlist: exact host, any port without one, only that port with one', async () => {
  expect(await reason('http://127.0.0.1:4000/', '127.0.0.1')).toBe('ok');
  expect(await reason('http://127.0.0.1:4000/', '127.0.0.1:4000')).toBe('ok');
  expect(await reason('http://127.0.0.1:4001/', '127.0.0.1:4000')).toMatch(/^127\.0\.0\.1 is a loopback address/);
  expect(await reason('http://mixed.example/', 'mixed.example:80')).toBe('ok');
  expect(await reason('https://mixed.example/', 'mixed.example:80')).toMatch(/resolves to 10\.0\.0\.8/);
  expect(await reason('http://sub.mixed.example/', 'mixed.example')).toMatch(/could not be resolved/);
  expect(await reason('http://[::1]:8080/', '[::1]:8080')).toBe('ok');
  expect(await reason('http://0x7f.1:4000/', '127.0.0.1:4000')).toBe('ok');
  expect(await reason('http://MIXED.example./', 'mixed.example')).toBe('ok');
});

test('allowlist parsing: entries, spaces, and a clear error for a bad entry', () => {
  expect(parseAllowHosts(' shop.local , 127.0.0.1:4000,[::1]:8080 ,')).toEqual([
    { host: 'shop.local', port: null },
    { host: '127.0.0.1', port: 4000 },
    { host: '::1', port: 8080 },
  ]);
  expect(parseAllowHosts(undefined)).toEqual([]);
  expect(() => parseAllowHosts('shop.local/path')).toThrow(
    'CRAWL_ALLOW_HOSTS: "shop.local/path" is not a host or host:port; write entries like shop.example or 127.0.0.1:4000',
  );
  expect(() => parseAllowHosts('http://shop.local')).toThrow(/is not a host or host:port/);
  expect(isAllowedHost(new URL('https://shop.local/'), parseAllowHosts('shop.local:443'))).toBe(true);
});

test('the allowlist comes from CRAWL_ALLOW_HOSTS by default', async () => {
  const saved = process.env.CRAWL_ALLOW_HOSTS;
  process.env.CRAWL_ALLOW_HOSTS = '10.0.0.8:8080';
  try {
    const guard = createSsrfGuard({ resolve });
    expect((await guard.check('http://10.0.0.8:8080/')).ok).toBe(true);
    expect((await guard.check('http://10.0.0.8:8081/')).ok).toBe(false);
  } finally {
    if (saved === undefined) delete process.env.CRAWL_ALLOW_HOSTS;
    else process.env.CRAWL_ALLOW_HOSTS = saved;
  }
});
