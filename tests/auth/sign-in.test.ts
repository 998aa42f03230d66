/** Sign-up and sign-in with email and password through supabase-js against the local Auth server. */
import { asUser, type JwtClaims, withClaims } from '@tagwright/shared';
import { startTestStack, type TestStack } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { claimsOf, newEmail, PASSWORD, signedUpClient } from './auth-stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

test('signUp returns a confirmed user and a session whose token carries GoTrue claims', async () => {
  const email = newEmail('Sign.Up');
  const { session, user } = await signedUpClient(stack, email.toUpperCase());
  expect(user.email).toBe(email.toLowerCase());
  expect(user.email_confirmed_at).toBeTruthy();
  expect(user.app_metadata).toEqual({ provider: 'email', providers: ['email'] });
  expect(session.token_type).toBe('bearer');
  expect(session.expires_in).toBe(3600);
  const claims = claimsOf(session.access_token);
  expect(claims).toMatchObject({
    sub: user.id,
    role: 'authenticated',
    aud: 'authenticated',
    iss: `${stack.url}/auth/v1`,
    email: email.toLowerCase(),
    app_metadata: { provider: 'email', providers: ['email'] },
    aal: 'aal1',
    is_anonymous: false,
  });
  expect(claims.session_id).toEqual(expect.any(String));
  expect(claims.amr).toEqual([{ method: 'password', timestamp: expect.any(Number) }]);
  expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
});

test('the access token works for RLS: the user sees the workspace they created and nothing else', async () => {
  const { session, user } = await signedUpClient(stack);
  const claims = claimsOf(session.access_token) as JwtClaims;
  const sql = stack.stack.sql;
  const workspace = await withClaims(sql, claims, async (tx) => {
    const [row] = await tx`insert into workspaces (name, created_by) values ('Mine', ${user.id}) returning id`;
    return row?.id as string;
  });
  const members = await withClaims(sql, claims, (tx) => tx`select workspace_id, role from workspace_members`);
  expect(members.map((m) => ({ ...m }))).toEqual([{ workspace_id: workspace, role: 'owner' }]);
  // a second user, with their own token, sees none of it
  const other = await signedUpClient(stack);
  const seen = await asUser(sql, other.user.id, (tx) => tx`select 1 from workspace_members where workspace_id = ${workspace}`);
  expect(seen).toHaveLength(0);
});

test('signInWithPassword: right password gives a session, wrong one invalid_credentials', async () => {
  const { email } = await signedUpClient(stack);
  const client = stack.client(stack.anonKey);
  const ok = await client.auth.signInWithPassword({ email, password: PASSWORD });
  expect(ok.error).toBeNull();
  expect(ok.data.session?.refresh_token).toEqual(expect.any(String));
  expect(ok.data.user?.last_sign_in_at).toBeTruthy();

  const wrong = await client.auth.signInWithPassword({ email, password: 'not the password' });
  expect(wrong.error).toMatchObject({
    name: 'AuthApiError',
    status: 400,
    code: 'invalid_credentials',
    message: 'Invalid login credentials',
  });
  const nobody = await client.auth.signInWithPassword({ email: newEmail('nobody'), password: PASSWORD });
  expect(nobody.error).toMatchObject({ status: 400, code: 'invalid_credentials' });
});

test('signUp refuses a weak password and a taken address with GoTrue codes', async () => {
  const client = stack.client(stack.anonKey);
  const weak = await client.auth.signUp({ email: newEmail(), password: '12345' });
  expect(weak.error).toMatchObject({ name: 'AuthWeakPasswordError', status: 422, code: 'weak_password', reasons: ['length'] });
  const { email } = await signedUpClient(stack);
  const again = await client.auth.signUp({ email, password: PASSWORD });
  expect(again.error).toMatchObject({ name: 'AuthApiError', status: 422, code: 'user_already_exists' });
  const badEmail = await client.auth.signUp({ email: 'not-an-email', password: PASSWORD });
  expect(badEmail.error).toMatchObject({ status: 400, code: 'validation_failed' });
});

test('the password is stored as a bcrypt hash GoTrue can read', async () => {
  const { user } = await signedUpClient(stack);
  const [row] = await stack.stack.sql`select encrypted_password, aud, role, instance_id, raw_user_meta_data
                                      from auth.users where id = ${user.id}`;
  expect(row?.encrypted_password).toMatch(/^\$2[ab]\$10\$.{53}$/);
  expect(row?.encrypted_password).not.toContain(PASSWORD);
  expect(row).toMatchObject({ aud: 'authenticated', role: 'authenticated', instance_id: '00000000-0000-0000-0000-000000000000' });
  expect(row?.raw_user_meta_data).toMatchObject({ sub: user.id, email_verified: true });
});

test('user_metadata from signUp options.data is kept and in the token', async () => {
  const client = stack.client(stack.anonKey);
  const { data } = await client.auth.signUp({ email: newEmail(), password: PASSWORD, options: { data: { display_name: 'Ada' } } });
  expect(data.user?.user_metadata).toMatchObject({ display_name: 'Ada' });
  expect(claimsOf(data.session?.access_token ?? '').user_metadata).toMatchObject({ display_name: 'Ada' });
});

test('every endpoint needs the apikey: 401 without it, or with a key of another project', async () => {
  for (const [path, init] of [
    ['/auth/v1/health', {}],
    ['/auth/v1/settings', {}],
    ['/auth/v1/token?grant_type=password', { method: 'POST', body: JSON.stringify({ email: 'a@b.c', password: PASSWORD }) }],
  ] as const) {
    const response = await fetch(`${stack.url}${path}`, init);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ msg: expect.stringMatching(/No API key found in request/) });
  }
  const forged = await fetch(`${stack.url}/auth/v1/health`, { headers: { apikey: await stack.userToken(crypto.randomUUID()) } });
  expect(forged.status).toBe(401);
  const ok = await fetch(`${stack.url}/auth/v1/health`, { headers: { apikey: stack.anonKey } });
  expect(ok.status).toBe(200);
});
