/** Sessions through supabase-js: getUser, refresh with rotation and reuse detection, signOut, expiry. */
import { startTestStack, type TestStack } from '@tagwright/stack/testing';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { claimsOf, signedUpClient } from './auth-stack.ts';

let stack: TestStack;
// A 0 s reuse interval: any reuse of a revoked token but the active one's parent is taken as theft.
let strict: TestStack;
beforeAll(async () => {
  [stack, strict] = await Promise.all([
    startTestStack(),
    startTestStack({ config: (c) => ({ ...c, auth: { ...c.auth, refreshTokenReuseIntervalSeconds: 0 } }) }),
  ]);
});
afterAll(() => Promise.all([stack?.stop(), strict?.stop()]));

test('getUser with the access token returns the user', async () => {
  const { client, session, user } = await signedUpClient(stack);
  const { data, error } = await client.auth.getUser(session.access_token);
  expect(error).toBeNull();
  expect(data.user).toMatchObject({ id: user.id, email: user.email, aud: 'authenticated', role: 'authenticated' });
});

test('refreshSession rotates: a new refresh token, a fresh access token in the same session', async () => {
  const { client, session } = await signedUpClient(stack);
  const { data, error } = await client.auth.refreshSession({ refresh_token: session.refresh_token });
  expect(error).toBeNull();
  expect(data.session?.refresh_token).not.toBe(session.refresh_token);
  expect(claimsOf(data.session?.access_token ?? '').session_id).toBe(claimsOf(session.access_token).session_id);
  const [old] = await stack.stack.sql`select revoked from auth.refresh_tokens where token = ${session.refresh_token}`;
  expect(old?.revoked).toBe(true);
});

test('the old token again (client lost the answer) returns the active token, not a new one', async () => {
  const { client, session } = await signedUpClient(strict);
  const first = await client.auth.refreshSession({ refresh_token: session.refresh_token });
  const again = await client.auth.refreshSession({ refresh_token: session.refresh_token });
  expect(again.error).toBeNull();
  expect(again.data.session?.refresh_token).toBe(first.data.session?.refresh_token);
});

test('reusing an older refresh token after the interval revokes the whole session', async () => {
  const { client, session } = await signedUpClient(strict);
  const second = await client.auth.refreshSession({ refresh_token: session.refresh_token });
  const third = await client.auth.refreshSession({ refresh_token: second.data.session?.refresh_token ?? '' });
  expect(third.error).toBeNull();
  // the first token is two generations old: not the active token's parent, and past the 0 s interval
  const stolen = await client.auth.refreshSession({ refresh_token: session.refresh_token });
  expect(stolen.error).toMatchObject({ name: 'AuthApiError', status: 400, code: 'refresh_token_already_used' });
  // the current token of that session is revoked too
  const current = await client.auth.refreshSession({ refresh_token: third.data.session?.refresh_token ?? '' });
  expect(current.error).toMatchObject({ status: 400, code: 'refresh_token_already_used' });
});

test('within the reuse interval a revoked token still refreshes', async () => {
  const { client, session } = await signedUpClient(stack); // 10 s interval (config.toml)
  const second = await client.auth.refreshSession({ refresh_token: session.refresh_token });
  await client.auth.refreshSession({ refresh_token: second.data.session?.refresh_token ?? '' });
  const late = await client.auth.refreshSession({ refresh_token: session.refresh_token });
  expect(late.error).toBeNull();
});

test('an unknown refresh token is refused', async () => {
  const client = stack.client(stack.anonKey);
  const { error } = await client.auth.refreshSession({ refresh_token: 'no-such-token' });
  expect(error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });
});

test('signOut revokes the session: its refresh token and access token stop working', async () => {
  const { client, session } = await signedUpClient(stack);
  expect((await client.auth.signOut()).error).toBeNull();
  const refreshed = await stack.client(stack.anonKey).auth.refreshSession({ refresh_token: session.refresh_token });
  expect(refreshed.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });
  const { data, error } = await stack.client(stack.anonKey).auth.getUser(session.access_token);
  expect(data.user).toBeNull();
  expect(error?.name).toBe('AuthSessionMissingError');
});

test("signOut({scope: 'local'}) ends only this session", async () => {
  const { client, email } = await signedUpClient(stack);
  const other = stack.client(stack.anonKey);
  const otherSession = (await other.auth.signInWithPassword({ email, password: 'correct horse battery' })).data.session;
  expect((await client.auth.signOut({ scope: 'local' })).error).toBeNull();
  const { error } = await other.auth.refreshSession({ refresh_token: otherSession?.refresh_token ?? '' });
  expect(error).toBeNull();
});

test('an expired access token is refused by getUser', async () => {
  const { session } = await signedUpClient(stack);
  const claims = claimsOf(session.access_token);
  const expired = await new SignJWT({ ...claims, iat: (claims.iat ?? 0) - 7200, exp: (claims.exp ?? 0) - 7200 })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(stack.stack.env.SUPABASE_JWT_SECRET));
  const { data, error } = await stack.client(stack.anonKey).auth.getUser(expired);
  expect(data.user).toBeNull();
  expect(error).toMatchObject({ status: 403, code: 'bad_jwt' });
  expect(error?.message).toMatch(/expired/);
});

test('updateUser changes the password: the new one signs in, the old one not', async () => {
  const { client, email } = await signedUpClient(stack);
  const { error } = await client.auth.updateUser({ password: 'a brand new secret', data: { team: 'labels' } });
  expect(error).toBeNull();
  const anon = stack.client(stack.anonKey);
  expect((await anon.auth.signInWithPassword({ email, password: 'correct horse battery' })).error?.code).toBe('invalid_credentials');
  const ok = await anon.auth.signInWithPassword({ email, password: 'a brand new secret' });
  expect(ok.data.user?.user_metadata).toMatchObject({ team: 'labels' });
});
