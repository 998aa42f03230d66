/** With auth.enable_signup = false, signUp is refused as GoTrue refuses it; existing users still sign in. */
import { startTestStack, type TestStack } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { newEmail, PASSWORD } from './auth-stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack({ config: (c) => ({ ...c, auth: { ...c.auth, enableSignup: false } }) });
});
afterAll(() => stack?.stop());

test('signUp answers 422 signup_disabled; /settings says so', async () => {
  const { data, error } = await stack.client(stack.anonKey).auth.signUp({ email: newEmail(), password: PASSWORD });
  expect(data.session).toBeNull();
  expect(error).toMatchObject({ name: 'AuthApiError', status: 422, code: 'signup_disabled' });
  const settings = await fetch(`${stack.url}/auth/v1/settings`, { headers: { apikey: stack.anonKey } });
  expect(await settings.json()).toMatchObject({ disable_signup: true, external: { email: true } });
});

test('the admin API still creates users, who can sign in; listUsers and deleteUser work', async () => {
  const admin = stack.client(stack.serviceRoleKey);
  const email = newEmail('admin-made');
  const created = await admin.auth.admin.createUser({ email, password: PASSWORD, email_confirm: true });
  expect(created.error).toBeNull();
  const signIn = await stack.client(stack.anonKey).auth.signInWithPassword({ email, password: PASSWORD });
  expect(signIn.error).toBeNull();
  const again = await admin.auth.admin.createUser({ email, password: PASSWORD });
  expect(again.error).toMatchObject({ status: 422, code: 'email_exists' });

  const listed = await admin.auth.admin.listUsers();
  expect(listed.data.users.map((u) => u.email)).toContain(email);
  const id = created.data.user?.id ?? '';
  expect((await admin.auth.admin.deleteUser(id)).error).toBeNull();
  expect((await admin.auth.admin.getUserById(id)).error).toMatchObject({ status: 404, code: 'user_not_found' });
});

test('the admin API refuses the anon key', async () => {
  const { error } = await stack.client(stack.anonKey).auth.admin.listUsers();
  expect(error).toMatchObject({ status: 403, code: 'not_admin' });
});

test('an admin-made user without email_confirm cannot sign in yet (as on GoTrue)', async () => {
  const admin = stack.client(stack.serviceRoleKey);
  const email = newEmail('unconfirmed');
  await admin.auth.admin.createUser({ email, password: PASSWORD });
  const { error } = await stack.client(stack.anonKey).auth.signInWithPassword({ email, password: PASSWORD });
  expect(error).toMatchObject({ status: 400, code: 'email_not_confirmed' });
});
