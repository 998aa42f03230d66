/** The CSP keeps SvelteKit's rules and gains the Supabase origin only where the browser needs it. */
import { describe, expect, test } from 'vitest';
import { applySecurityHeaders, supabaseSources, widenCsp } from './security-headers.ts';

describe('CSP', () => {
  test('the Supabase origin for sockets and images, ws for http and wss for https', () => {
    expect(supabaseSources('http://127.0.0.1:54321')).toEqual({
      connect: ['http://127.0.0.1:54321', 'ws://127.0.0.1:54321'],
      img: ['http://127.0.0.1:54321'],
    });
    expect(supabaseSources('https://abc.supabase.co/')).toEqual({
      connect: ['https://abc.supabase.co', 'wss://abc.supabase.co'],
      img: ['https://abc.supabase.co'],
    });
  });

  test('adds sources to existing directives once, and creates missing ones', () => {
    const policy = "default-src 'self'; script-src 'self' 'sha256-abc'; connect-src 'self'";
    expect(widenCsp(policy, { 'connect-src': ['https://x', "'self'"], 'img-src': ['https://x'] })).toBe(
      "default-src 'self'; script-src 'self' 'sha256-abc'; connect-src 'self' https://x; img-src https://x",
    );
  });

  test('a page response gets the fixed headers and the widened policy; script-src is left alone', () => {
    const response = new Response('<html></html>', {
      headers: { 'content-security-policy': "script-src 'self' 'sha256-q'; connect-src 'self'; img-src 'self' data:" },
    });
    applySecurityHeaders(response, 'https://abc.supabase.co');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("connect-src 'self' https://abc.supabase.co wss://abc.supabase.co");
    expect(csp).toContain("img-src 'self' data: https://abc.supabase.co");
    expect(csp).toContain("script-src 'self' 'sha256-q'");
  });
});
