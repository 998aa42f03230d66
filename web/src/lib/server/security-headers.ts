/**
 * Security headers on every dashboard response: the Content-Security-Policy SvelteKit builds
 * (kit.csp in svelte.config.js: scripts only from this origin or with its hashes) widened by the one
 * other origin the browser talks to — the Supabase project (Realtime websocket, Auth, Storage
 * images), known only at run time — plus nosniff, no framing, a strict referrer policy and no
 * camera / microphone / location.
 */

const FIXED_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'cross-origin-opener-policy': 'same-origin',
};

/** The Supabase origin in http(s) and ws(s) form, for connect-src; http(s) alone for img-src. */
export function supabaseSources(supabaseUrl: string): { connect: string[]; img: string[] } {
  const url = new URL(supabaseUrl);
  const socket = `${url.protocol === 'https:' ? 'wss:' : 'ws:'}//${url.host}`;
  return { connect: [url.origin, socket], img: [url.origin] };
}

/** Adds sources to directives of a CSP header value (creating a directive that isn't there). */
export function widenCsp(policy: string, add: Record<string, string[]>): string {
  const directives = policy
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => part.split(/\s+/));
  for (const [name, sources] of Object.entries(add)) {
    const directive = directives.find((d) => d[0] === name);
    if (directive) directive.push(...sources.filter((s) => !directive.includes(s)));
    else directives.push([name, ...sources]);
  }
  return directives.map((d) => d.join(' ')).join('; ');
}

export function applySecurityHeaders(response: Response, supabaseUrl: string | undefined): Response {
  for (const [name, value] of Object.entries(FIXED_HEADERS)) if (!response.headers.has(name)) response.headers.set(name, value);
  const policy = response.headers.get('content-security-policy');
  if (policy && supabaseUrl) {
    const sources = supabaseSources(supabaseUrl);
    response.headers.set('content-security-policy', widenCsp(policy, { 'connect-src': sources.connect, 'img-src': sources.img }));
  }
  return response;
}
