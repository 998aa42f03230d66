/**
 * `[functions.<name>] verify_jwt`: on (the default) a function needs a JWT of this stack in
 * `Authorization: Bearer` — anon key, service-role key or a user's token — and refuses anything else
 * with 401 `{ msg }` as the Supabase CLI does; off, anything goes through.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { echoFunction } from './fixtures.ts';
import { errorBody, type FunctionsStack, startFunctionsStack } from './functions-stack.ts';

let stack: FunctionsStack;
beforeAll(async () => {
  stack = await startFunctionsStack({ guarded: echoFunction, open: echoFunction }, { verifyJwt: { open: false } });
});
afterAll(async () => {
  await stack?.stop();
});

const forged = (role: string) =>
  new SignJWT({ role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode('not-the-stack-secret-but-long-enough-to-sign'));

describe('verify_jwt on (the default)', () => {
  it('refuses a request without Authorization', async () => {
    const response = await fetch(`${stack.url}/functions/v1/guarded`, { method: 'POST', headers: { apikey: stack.keys.anonKey } });
    expect(response.status).toBe(401);
    expect((await response.json()) as Record<string, unknown>).toEqual({ msg: 'Error: Missing authorization header' });
  });

  it('refuses a token signed with another secret', async () => {
    const { error } = await stack.client(await forged('service_role')).functions.invoke('guarded');
    const { status, body } = await errorBody(error);
    expect(status).toBe(401);
    expect(body.msg).toMatch(/^Invalid JWT/);
  });

  it('refuses an Authorization header that is not a bearer token', async () => {
    const response = await fetch(`${stack.url}/functions/v1/guarded`, { headers: { authorization: `Basic ${btoa('a:b')}` } });
    expect(response.status).toBe(401);
    expect(((await response.json()) as Record<string, unknown>).msg).toContain("not 'Bearer {token}'");
  });

  it('accepts the anon key, the service-role key and a user’s token, and passes the token on', async () => {
    const userToken = await stack.userToken('7d3f6c2e-4c7a-4c1e-9a51-2f0d6c1b9e11');
    for (const token of [stack.keys.anonKey, stack.keys.serviceRoleKey, userToken]) {
      const { data, error } = await stack
        .client(stack.keys.anonKey)
        .functions.invoke('guarded', { headers: { Authorization: `Bearer ${token}` }, body: { ok: 1 } });
      expect(error).toBeNull();
      expect(data.headers.authorization).toBe(`Bearer ${token}`);
    }
  });

  it('lets a CORS preflight through without a token', async () => {
    const response = await fetch(`${stack.url}/functions/v1/guarded`, { method: 'OPTIONS' });
    expect(response.status).toBe(200);
    expect(((await response.json()) as Record<string, unknown>).method).toBe('OPTIONS');
  });
});

describe('verify_jwt = false', () => {
  it('lets requests without a token or with a forged one through', async () => {
    const bare = await fetch(`${stack.url}/functions/v1/open`, { method: 'POST', body: 'hi' });
    expect(bare.status).toBe(200);
    expect(((await bare.json()) as Record<string, unknown>).body).toBe('hi');
    const { data, error } = await stack.client(await forged('anon')).functions.invoke('open', { body: 'hi' });
    expect(error).toBeNull();
    expect(data.body).toBe('hi');
  });
});
