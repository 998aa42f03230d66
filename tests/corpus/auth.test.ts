/**
 * Bad-input corpus, tokens: a forged signature, an expired token, alg=none and a role the stack does
 * not know are refused by the local stack's Storage, Auth and Realtime with 401 and a message.
 */
import { startTestStack, type TestStack } from '@tagwright/stack/testing';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';

let t: TestStack;
let secret: Uint8Array;
beforeAll(async () => {
  t = await startTestStack({ realtime: true });
  secret = new TextEncoder().encode(t.stack.env.SUPABASE_JWT_SECRET);
});
afterAll(() => t?.stop());

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const now = () => Math.floor(Date.now() / 1000);
const sign = (claims: Record<string, unknown>, key: Uint8Array = secret) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setIssuedAt().setExpirationTime('1h').sign(key);

const tokens: [string, () => Promise<string>, RegExp][] = [
  ['a forged signature', () => sign({ role: 'service_role' }, new TextEncoder().encode('x'.repeat(40))), /Invalid token: signature/],
  ['an expired token', () => t.userToken('7d3f6c2e-4c7a-4c1e-9a51-2f0d6c1b9e11', { expiresInS: -60 }), /expired/],
  ['alg=none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ role: 'service_role', exp: now() + 3600 })}.`, /Invalid token/],
  [
    'an unknown role',
    () => sign({ role: 'supabase_admin', sub: 'x' }),
    /role .*supabase_admin.* is not anon, authenticated or service_role/,
  ],
];

test.each(tokens)('Storage refuses %s with 4xx and the reason', async (_what, token, reason) => {
  const bad = await token();
  const response = await fetch(`${t.url}/storage/v1/bucket`, { headers: { apikey: t.anonKey, authorization: `Bearer ${bad}` } });
  expect([400, 401, 403]).toContain(response.status);
  expect(JSON.stringify(await response.json())).toMatch(reason);
});

test.each(tokens)('Realtime refuses a socket with %s as its apikey with 401', async (_what, token) => {
  const ws = new WebSocket(`${t.url.replace('http', 'ws')}/realtime/v1/websocket?vsn=2.0.0&apikey=${await token()}`);
  // ending a refused handshake makes ws report "closed before the connection was established": expected, kept to check
  const errors: string[] = [];
  ws.on('error', (error) => errors.push(error.message));
  const status = await new Promise<number>((resolve) => {
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('open', () => resolve(101));
  });
  ws.terminate();
  expect(status).toBe(401);
  expect(errors.every((message) => /closed before the connection was established/.test(message))).toBe(true);
});

test('Auth refuses a forged user token on /auth/v1/user with 4xx and a message', async () => {
  const bad = await sign({ role: 'authenticated', sub: '7d3f6c2e-4c7a-4c1e-9a51-2f0d6c1b9e11' }, new TextEncoder().encode('y'.repeat(40)));
  const response = await fetch(`${t.url}/auth/v1/user`, { headers: { apikey: t.anonKey, authorization: `Bearer ${bad}` } });
  expect([401, 403]).toContain(response.status);
  expect(JSON.stringify(await response.json())).toMatch(/invalid|signature|jwt/i);
});
