/** Realtime under RLS: a user gets only their workspace's rows, anon gets nothing, bad tokens are refused. */
import { randomUUID } from 'node:crypto';
import type { RealtimePostgresChangesPayload } from '@supabase/supabase-js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RealtimeStack, startRealtimeStack, subscribed } from './realtime-stack.ts';

let rt: RealtimeStack;
const users = { a: randomUUID(), b: randomUUID() };
const spaces = { a: '', b: '' };
beforeAll(async () => {
  rt = await startRealtimeStack();
  const { sql } = rt.db;
  for (const key of ['a', 'b'] as const) {
    await sql`insert into auth.users (id, email, aud, role) values (${users[key]}, ${`${key}@rt.test`}, 'authenticated', 'authenticated')`;
    const [ws] = await sql<{ id: string }[]>`insert into workspaces (name, created_by) values (${`WS ${key}`}, ${users[key]}) returning id`;
    spaces[key] = ws?.id ?? '';
  }
});
afterAll(() => rt?.stop());

type Payload = RealtimePostgresChangesPayload<{ id: string; workspace_id: string }>;

async function listen(key: string, accessToken?: string) {
  const got: Payload[] = [];
  // A signed-in user's JWT as the key: every frame carries it (see bench/realtime.ts for why).
  const client = rt.client(accessToken ?? key);
  await subscribed(
    client.channel(randomUUID()).on('postgres_changes', { event: '*', schema: 'public', table: 'jobs' }, (p: Payload) => got.push(p)),
  );
  return got;
}

async function insertJobs() {
  const ids: Record<'a' | 'b', string> = { a: '', b: '' };
  for (const key of ['a', 'b'] as const) {
    const [row] = await rt.db.sql<{ id: string }[]>`insert into jobs (workspace_id, kind) values (${spaces[key]}, 'noop') returning id`;
    ids[key] = row?.id ?? '';
  }
  await rt.realtime.router.drained();
  return ids;
}

test("users of A and B, checked together per change, each receive only their workspace's rows; service role both; anon none", async () => {
  const forA = await listen(rt.keys.anonKey, await rt.userToken(users.a));
  const forB = await listen(rt.keys.anonKey, await rt.userToken(users.b));
  const forService = await listen(rt.keys.serviceRoleKey);
  const forAnon = await listen(rt.keys.anonKey);
  const ids = await insertJobs();
  await expect.poll(() => forService.length, { timeout: 5000 }).toBe(2);
  await expect.poll(() => forA.length, { timeout: 5000 }).toBe(1);
  await expect.poll(() => forB.length, { timeout: 5000 }).toBe(1);
  expect(forA[0]?.new).toMatchObject({ id: ids.a });
  expect(forB[0]?.new).toMatchObject({ id: ids.b });
  await new Promise((r) => setTimeout(r, 200));
  expect(forA).toHaveLength(1);
  expect(forB).toHaveLength(1);
  expect(forAnon).toHaveLength(0);
});

test("a delete in B reaches A's user not at all, and a delete in A carries only the key", async () => {
  const ids = await insertJobs();
  const forA = await listen(rt.keys.anonKey, await rt.userToken(users.a));
  await rt.db.sql`delete from jobs where id = ${ids.b}`;
  await rt.db.sql`delete from jobs where id = ${ids.a}`;
  await rt.realtime.router.drained();
  await expect.poll(() => forA.length, { timeout: 5000 }).toBeGreaterThanOrEqual(1);
  // As on Supabase, a deleted row can't be checked: users get deletes as keys only.
  expect(forA.map((p) => p.old)).toContainEqual({ id: ids.a });
  for (const p of forA) expect(Object.keys(p.old)).toEqual(['id']);
});

test('a forged or expired access token is refused with the reason', async () => {
  const client = rt.client(rt.keys.anonKey);
  const forged = `${(await rt.userToken(users.a)).slice(0, -4)}AAAA`;
  client.realtime.setAuth(forged);
  await expect(
    subscribed(client.channel('forged').on('postgres_changes', { event: '*', schema: 'public', table: 'jobs' }, () => {})),
  ).rejects.toThrow(/Invalid token/);
  const other = rt.client(rt.keys.anonKey);
  other.realtime.setAuth(await rt.userToken(users.a, -10));
  await expect(
    subscribed(other.channel('expired').on('postgres_changes', { event: '*', schema: 'public', table: 'jobs' }, () => {})),
  ).rejects.toThrow(/expired/);
});

test('a socket without a valid apikey is refused', async () => {
  const { default: WebSocket } = await import('ws');
  const status = await new Promise<number>((resolve) => {
    const ws = new WebSocket(`${rt.url.replace('http', 'ws')}/realtime/v1/websocket?vsn=2.0.0&apikey=nope`);
    ws.on('unexpected-response', (_req, response) => resolve(response.statusCode ?? 0));
    ws.on('open', () => resolve(101));
  });
  expect(status).toBe(401);
});

test('a table whose primary key runs in another order than its columns is checked by the right row', async () => {
  const { sql } = rt.db;
  await sql`create table public.shelf_slots (slot int, workspace_id uuid, label text, primary key (workspace_id, slot))`;
  await sql`alter table public.shelf_slots enable row level security`;
  await sql`grant select on public.shelf_slots to authenticated`;
  await sql`create policy members_read on public.shelf_slots for select to authenticated using (public.can_read_workspace(workspace_id))`;
  await sql`alter publication supabase_realtime add table public.shelf_slots`;
  const got: string[] = [];
  const client = rt.client(await rt.userToken(users.a));
  await subscribed(
    client
      .channel('slots')
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'shelf_slots' }, (p) =>
        got.push((p.new as { label: string }).label),
      ),
  );
  await sql`insert into public.shelf_slots values (1, ${spaces.b}, 'B1'), (1, ${spaces.a}, 'A1'), (2, ${spaces.b}, 'B2')`;
  await expect.poll(() => got, { timeout: 5000 }).toEqual(['A1']);
  await new Promise((r) => setTimeout(r, 300));
  expect(got).toEqual(['A1']);
});
