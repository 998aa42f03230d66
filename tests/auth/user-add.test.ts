/** `tagwright user add` prints a password that signs in and joins a workspace; bad input is one clear line and exit 2. Also the demo user of `npm start`. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startTestStack, type TestStack } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEMO_EMAIL, DEMO_WORKSPACE_ID, ensureDemoUser } from '../../stack/src/auth/index.ts';
import { runCliToEnd } from '../cli/run-cli.ts';
import { newEmail } from './auth-stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(() => stack?.stop());

const userAdd = (...args: string[]) => runCliToEnd(['user', 'add', ...args], { DATABASE_URL: stack.db.url });

async function roleIn(workspaceId: string, email: string) {
  const [row] = await stack.db.sql`select m.role from workspace_members m join auth.users u on u.id = m.user_id
                                   where m.workspace_id = ${workspaceId} and u.email = ${email}`;
  return row?.role as string | undefined;
}

test('user add prints a generated password that signs in; the user joins the Demo workspace', async () => {
  const email = newEmail('cli');
  const result = await userAdd(email);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`Added ${email}: editor of workspace "Demo"`);
  const password = /Password: (\S+)/.exec(result.stdout)?.[1] ?? '';
  expect(password).toMatch(/^[a-z2-9]{4}(-[a-z2-9]{4}){3}$/);
  const { data, error } = await stack.client(stack.anonKey).auth.signInWithPassword({ email, password });
  expect(error).toBeNull();
  expect(data.user?.email).toBe(email);
  expect(await roleIn(DEMO_WORKSPACE_ID, email)).toBe('editor');
});

test('user add --workspace NAME makes the workspace with the user as owner; --password is used as given', async () => {
  const email = newEmail('owner');
  const result = await userAdd(email, '--workspace', 'Acme Labels', '--password', 'given password 1');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('owner of workspace "Acme Labels" (new workspace)');
  const [workspace] = await stack.db.sql`select id from workspaces where name = 'Acme Labels'`;
  expect(await roleIn(workspace?.id, email)).toBe('owner');
  const signIn = await stack.client(stack.anonKey).auth.signInWithPassword({ email, password: 'given password 1' });
  expect(signIn.error).toBeNull();

  // an existing user is found, not duplicated; a viewer joins the same workspace
  const viewer = newEmail('viewer');
  await userAdd(viewer);
  const again = await userAdd(viewer, '--workspace', 'Acme Labels', '--role', 'viewer');
  expect(again.stdout).toContain(`Found ${viewer}: viewer of workspace "Acme Labels".`);
  expect(again.stdout).toContain('Password: unchanged');
  expect(await roleIn(workspace?.id, viewer)).toBe('viewer');
});

test('bad input: one clear line, usage, exit 2, nothing written', async () => {
  const before = await stack.db.sql`select count(*)::int as n from auth.users`;
  const cases: [readonly string[], RegExp][] = [];
  for (const [args, pattern] of [
    [['not-an-email'], /"not-an-email" is not an email address/],
    [[newEmail(), '--role', 'admin'], /--role must be owner, editor, viewer \(got "admin"\)/],
    [[newEmail(), '--password', 'abc'], /--password is refused: Password should be at least 6 characters/],
    [[], /give the email address/],
    [[newEmail(), '--colour', 'red'], /Unknown option '--colour'/],
  ] as const)
    cases.push([args, pattern]);
  // each case is its own CLI process: run them side by side
  const results = await Promise.all(cases.map(([args]) => userAdd(...args)));
  results.forEach((result, i) => {
    expect(result.code).toBe(2);
    const [first, usage] = result.stderr.trim().split('\n');
    expect(first).toMatch(/^tagwright: /);
    expect(first).toMatch(cases[i]?.[1] ?? /^$/);
    expect(usage).toMatch(/^Usage: tagwright user add <email>/);
  });
  expect(await stack.db.sql`select count(*)::int as n from auth.users`).toEqual(before);
}, 120_000);

test('the demo user: made once, owner of Demo, the same password on every start', async () => {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-demo-'));
  try {
    const first = await ensureDemoUser(stack.db.sql, dataDir, 6);
    const second = await ensureDemoUser(stack.db.sql, dataDir, 6);
    expect(second).toEqual(first);
    expect(first.email).toBe(DEMO_EMAIL);
    expect((await fs.stat(path.join(dataDir, 'auth/demo-user.json'))).mode & 0o777).toBe(0o600);
    expect(await roleIn(DEMO_WORKSPACE_ID, DEMO_EMAIL)).toBe('owner');
    const { error } = await stack.client(stack.anonKey).auth.signInWithPassword({ email: DEMO_EMAIL, password: first.password });
    expect(error).toBeNull();
  } finally {
    await fs.rm(dataDir, { recursive: true, force: true });
  }
});
