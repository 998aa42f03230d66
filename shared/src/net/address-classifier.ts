/**
 * Says whether an IP address is one the crawler must never reach: private, loopback, link-local
 * (cloud metadata), unspecified, shared (CGNAT), multicast, broadcast, documentation and other
 * reserved ranges, in IPv4 and IPv6 — including IPv6 forms that carry an IPv4 address (mapped,
 * compatible, NAT64, 6to4). IPv4 text is read the way `inet_aton` and the URL parser read it
 * (`2130706433`, `0177.0.0.1`, `0x7f.1` are all 127.0.0.1), so odd notations can't slip past.
 * `forbiddenReason` returns null for a public address, else the class in a few words.
 */
import net from 'node:net';

interface V4Range {
  base: number;
  bits: number;
  reason: string;
}

function v4(cidr: string, reason: string): V4Range {
  const [addr, bits] = cidr.split('/') as [string, string];
  return { base: parseIPv4(addr) as number, bits: Number(bits), reason };
}

/** Most specific first: the first match names the class. */
const V4_RANGES: V4Range[] = [
  v4('169.254.169.254/32', 'a cloud metadata address'),
  v4('0.0.0.0/32', 'the unspecified address'),
  v4('255.255.255.255/32', 'the broadcast address'),
  v4('0.0.0.0/8', 'a "this network" address'),
  v4('10.0.0.0/8', 'a private address'),
  v4('100.64.0.0/10', 'a shared (CGNAT) address'),
  v4('127.0.0.0/8', 'a loopback address'),
  v4('169.254.0.0/16', 'a link-local address'),
  v4('172.16.0.0/12', 'a private address'),
  v4('192.0.0.0/24', 'a reserved (IETF protocol) address'),
  v4('192.0.2.0/24', 'a documentation address'),
  v4('192.88.99.0/24', 'a reserved (6to4 relay) address'),
  v4('192.168.0.0/16', 'a private address'),
  v4('198.18.0.0/15', 'a benchmarking address'),
  v4('198.51.100.0/24', 'a documentation address'),
  v4('203.0.113.0/24', 'a documentation address'),
  v4('224.0.0.0/4', 'a multicast address'),
  v4('240.0.0.0/4', 'a reserved address'),
];

function inV4(addr: number, range: V4Range): boolean {
  if (range.bits === 0) return true;
  const mask = (0xffffffff << (32 - range.bits)) >>> 0;
  return (addr & mask) >>> 0 === (range.base & mask) >>> 0;
}

/** One part of an inet_aton address: decimal, octal (leading 0) or hex (0x). */
function parsePart(part: string): number | null {
  if (/^0x[0-9a-f]*$/i.test(part)) return part.length === 2 ? 0 : Number.parseInt(part.slice(2), 16);
  if (/^0[0-7]*$/.test(part)) return Number.parseInt(part, 8);
  if (/^[1-9][0-9]*$/.test(part)) return Number(part);
  return null;
}

/** IPv4 text in any notation inet_aton accepts (1–4 parts, the last filling the remaining bytes) → 32-bit number, else null. */
export function parseIPv4(text: string): number | null {
  const parts = text.replace(/\.$/, '').split('.');
  if (parts.length < 1 || parts.length > 4) return null;
  const values = parts.map(parsePart);
  if (values.some((v) => v === null || !Number.isFinite(v))) return null;
  const nums = values as number[];
  const last = nums[nums.length - 1] as number;
  const head = nums.slice(0, -1);
  if (head.some((v) => v > 255)) return null;
  if (last >= 2 ** (8 * (4 - head.length))) return null;
  let result = 0;
  for (const v of head) result = result * 256 + v;
  return result * 2 ** (8 * (4 - head.length)) + last;
}

export function formatIPv4(addr: number): string {
  return [addr >>> 24, (addr >>> 16) & 255, (addr >>> 8) & 255, addr & 255].join('.');
}

/** IPv6 text (with or without brackets and zone) → eight 16-bit groups, else null. */
export function parseIPv6(text: string): number[] | null {
  let s = text.replace(/^\[|\]$/g, '');
  s = s.replace(/%.*$/, '');
  if (!net.isIPv6(s)) return null;
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  const maybeV4 = s.slice(lastColon + 1);
  if (maybeV4.includes('.')) {
    const v4addr = parseIPv4(maybeV4);
    if (v4addr === null) return null;
    tail = [v4addr >>> 16, v4addr & 0xffff];
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const [left, right] = s.includes('::') ? (s.split('::') as [string, string]) : [s, undefined];
  const toGroups = (part: string) => (part === '' ? [] : part.split(':').map((g) => Number.parseInt(g, 16)));
  const l = toGroups(left);
  const r = right === undefined ? [] : toGroups(right);
  const groups = right === undefined ? l : [...l, ...new Array(8 - l.length - r.length).fill(0), ...r];
  if (groups.length !== 8) return null;
  if (tail.length) {
    groups[6] = tail[0] as number;
    groups[7] = tail[1] as number;
  }
  return groups;
}

function v4Reason(addr: number): string | null {
  for (const range of V4_RANGES) if (inV4(addr, range)) return range.reason;
  return null;
}

function embeddedV4(groups: number[], at: number): number {
  return (((groups[at] as number) << 16) >>> 0) + (groups[at + 1] as number);
}

function v6Reason(g: number[]): string | null {
  const [g0, g1, g2, g3, g4, g5] = g as [number, number, number, number, number, number];
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(8)) return 'the unspecified address';
  if (zeroTo(7) && g[7] === 1) return 'a loopback address';
  const carried = (kind: string, addr: number) => {
    const inner = v4Reason(addr);
    return inner ? `${kind} of ${formatIPv4(addr)}, ${inner}` : null;
  };
  if (zeroTo(5) && g5 === 0xffff) return carried('an IPv4-mapped form', embeddedV4(g, 6)) ?? null;
  if (zeroTo(4) && g4 === 0xffff && g5 === 0) return carried('an IPv4-translated form', embeddedV4(g, 6)) ?? 'a reserved address';
  if (zeroTo(6)) return carried('an IPv4-compatible form', embeddedV4(g, 6)) ?? 'a reserved (IPv4-compatible) address';
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0)
    return carried('a NAT64 form', embeddedV4(g, 6)) ?? null;
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 1) return 'a local NAT64 address';
  if (g0 === 0x2002) return carried('a 6to4 form', embeddedV4(g, 1)) ?? null;
  if ((g0 & 0xfe00) === 0xfc00) return 'a private (unique local) address';
  if ((g0 & 0xffc0) === 0xfe80) return 'a link-local address';
  if ((g0 & 0xffc0) === 0xfec0) return 'a site-local address';
  if ((g0 & 0xff00) === 0xff00) return 'a multicast address';
  if (g0 === 0x2001 && g1 === 0) return 'a Teredo tunnel address';
  if (g0 === 0x2001 && g1 === 0xdb8) return 'a documentation address';
  if (g0 === 0x3fff && (g1 & 0xf000) === 0) return 'a documentation address';
  if (g0 === 0x0100 && g1 === 0 && g2 === 0 && g3 === 0) return 'a discard-only address';
  // Only 2000::/3 is global unicast; everything else is unassigned or special.
  if ((g0 & 0xe000) !== 0x2000) return 'a reserved address';
  return null;
}

/**
 * Null when `address` (an IP in any notation) is a public address the crawler may reach; otherwise
 * why not, e.g. "a private address". Text that is not an IP address at all is refused too.
 */
export function forbiddenReason(address: string): string | null {
  const ipv6 = address.includes(':') ? parseIPv6(address) : null;
  if (ipv6) return v6Reason(ipv6);
  const ipv4 = parseIPv4(address);
  if (ipv4 !== null) return v4Reason(ipv4);
  return 'not an IP address';
}

/** The canonical text of an IP literal in any notation (`0x7f.1` → `127.0.0.1`), or null when it is not one. */
export function canonicalIp(text: string): string | null {
  const bare = text.replace(/^\[|\]$/g, '');
  if (bare.includes(':')) return parseIPv6(bare) ? bare.toLowerCase() : null;
  const ipv4 = parseIPv4(bare);
  return ipv4 === null ? null : formatIPv4(ipv4);
}
