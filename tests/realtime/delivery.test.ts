/** Delivery guarantees and value fidelity: 10,000 updates in commit order, and Postgres types as supabase-js decodes them. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RealtimeStack, startRealtimeStack, subscribed } from './realtime-stack.ts';

let rt: RealtimeStack;
beforeAll(async () => {
  rt = await startRealtimeStack();
  await rt.db.sql`create table public.realtime_types (
    id bigint primary key, big int8, amount numeric(14, 4), at timestamptz, blob bytea, tags text[], nums int4[],
    doc jsonb, flag bool, note text)`;
  await rt.db.sql`alter publication supabase_realtime add table public.realtime_types`;
});
afterAll(() => rt?.stop());

test('10,000 updates in separate transactions arrive, all, in commit order', async () => {
  const [ws] = await rt.db.sql<{ id: string }[]>`insert into workspaces (name) values ('Order') returning id`;
  const [job] = await rt.db.sql<{ id: string }[]>`insert into jobs (workspace_id, kind) values (${ws?.id ?? ''}, 'noop') returning id`;
  const seen: number[] = [];
  const client = rt.client(rt.keys.serviceRoleKey);
  await subscribed(
    client
      .channel('order')
      .on('postgres_changes', { event: 'UPDATE', schema: 'public', table: 'jobs', filter: `id=eq.${job?.id}` }, (p) =>
        seen.push((p.new as { priority: number }).priority),
      ),
  );
  for (let i = 1; i <= 10_000; i++) await rt.db.sql`update jobs set priority = ${i} where id = ${job?.id ?? ''}`;
  await expect.poll(() => seen.length, { timeout: 30_000, interval: 200 }).toBe(10_000);
  expect(seen.every((v, i) => v === i + 1)).toBe(true);
}, 120_000);

test('int8, numeric, timestamptz, bytea, arrays, large jsonb and nulls decode as from hosted Supabase', async () => {
  const got: Record<string, unknown>[] = [];
  const client = rt.client(rt.keys.serviceRoleKey);
  await subscribed(
    client.channel('types').on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'realtime_types' }, (p) => got.push(p.new)),
  );
  const doc = { items: Array.from({ length: 2000 }, (_, i) => ({ i, label: `item ${i}` })) };
  await rt.db.sql`insert into realtime_types values
    (1, 9007199254740993, 1234.5600, '2026-11-26 10:11:12.123456+00', '\\x0102ff', '{a,"b c",null}', '{1,2,3}', ${rt.db.sql.json(doc)}, true, null)`;
  await expect.poll(() => got.length, { timeout: 5000 }).toBe(1);
  const row = got[0] ?? {};
  expect(row).toMatchObject({ id: 1, amount: 1234.56, flag: true, note: null, tags: ['a', 'b c', null], nums: [1, 2, 3] });
  expect(row.at).toBe('2026-11-26T10:11:12.123456+00:00');
  expect(row.blob).toBe('\\x0102ff');
  expect((row.doc as typeof doc).items).toHaveLength(2000);
  // int8 beyond 2^53 comes through as supabase-js makes it (a JS number); the text on the wire was exact
  expect(typeof row.big).toBe('number');
});

test('a record over 1 MB is trimmed with an error entry, as Supabase does', async () => {
  const got: { errors: unknown; new: Record<string, unknown> }[] = [];
  const client = rt.client(rt.keys.serviceRoleKey);
  await subscribed(
    client
      .channel('big')
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'realtime_types' }, (p) =>
        got.push({ errors: p.errors, new: p.new as Record<string, unknown> }),
      ),
  );
  await rt.db.sql`insert into realtime_types (id, note) values (2, repeat('x', 1200000))`;
  await expect.poll(() => got.length, { timeout: 5000 }).toBe(1);
  expect(got[0]?.errors).toEqual(['Error 413: Payload Too Large']);
  expect(got[0]?.new.id).toBe(2);
  expect(got[0]?.new.note).toBeUndefined();
});
