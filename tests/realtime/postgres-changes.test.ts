/** postgres_changes through the official supabase-js client: events, filters, vsn, several bindings, leave. */
import type { RealtimePostgresChangesPayload } from '@supabase/supabase-js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RealtimeStack, startRealtimeStack, subscribed } from './realtime-stack.ts';

let rt: RealtimeStack;
let ws: string;
beforeAll(async () => {
  rt = await startRealtimeStack();
  const [row] = await rt.db.sql<{ id: string }[]>`insert into workspaces (name) values ('RT') returning id`;
  ws = row?.id ?? '';
});
afterAll(() => rt?.stop());

type Payload = RealtimePostgresChangesPayload<Record<string, unknown>>;

function collector() {
  const got: Payload[] = [];
  return {
    got,
    push: (p: Payload) => got.push(p),
    async waitFor(n: number) {
      await expect.poll(() => got.length, { timeout: 5000 }).toBeGreaterThanOrEqual(n);
      return got;
    },
  };
}

test.each(['1.0.0', '2.0.0'])('INSERT, UPDATE and DELETE of jobs arrive with typed values (vsn %s)', async (vsn) => {
  const c = collector();
  const client = rt.client(rt.keys.serviceRoleKey, { vsn });
  await subscribed(client.channel(`jobs-${vsn}`).on('postgres_changes', { event: '*', schema: 'public', table: 'jobs' }, c.push));
  const [job] = await rt.db.sql<{ id: string }[]>`
    insert into jobs (workspace_id, kind, params, priority) values (${ws}, 'noop', '{"sleep_ms": 5, "tags": [1, 2]}', 7) returning id`;
  await rt.db.sql`update jobs set progress = 42 where id = ${job?.id ?? ''}`;
  await rt.db.sql`delete from jobs where id = ${job?.id ?? ''}`;
  const [insert, update, del] = await c.waitFor(3);
  expect(insert).toMatchObject({ eventType: 'INSERT', schema: 'public', table: 'jobs', errors: null });
  expect(insert?.new).toMatchObject({
    id: job?.id,
    kind: 'noop',
    priority: 7,
    progress: 0,
    params: { sleep_ms: 5, tags: [1, 2] },
    cancel_requested: false,
  });
  expect(typeof insert?.commit_timestamp).toBe('string');
  expect(update).toMatchObject({ eventType: 'UPDATE', new: { id: job?.id, progress: 42 } });
  expect(del).toMatchObject({ eventType: 'DELETE', old: { id: job?.id } });
});

test('filters: eq, neq, lt, lte, gt, gte, in', async () => {
  const client = rt.client(rt.keys.serviceRoleKey);
  const filters = [
    'priority=eq.5',
    'priority=neq.5',
    'priority=lt.5',
    'priority=lte.5',
    'priority=gt.5',
    'priority=gte.5',
    'priority=in.(1,9)',
  ];
  const seen = new Map<string, number[]>();
  for (const filter of filters) {
    seen.set(filter, []);
    await subscribed(
      client
        .channel(`f-${filter}`)
        .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'jobs', filter }, (p) =>
          seen.get(filter)?.push((p.new as { priority: number }).priority),
        ),
    );
  }
  for (const priority of [1, 5, 9]) await rt.db.sql`insert into jobs (workspace_id, kind, priority) values (${ws}, 'noop', ${priority})`;
  await expect.poll(() => seen.get('priority=gte.5')?.length, { timeout: 5000 }).toBe(2);
  await rt.realtime.router.drained();
  await new Promise((r) => setTimeout(r, 100));
  expect(Object.fromEntries([...seen].map(([f, v]) => [f, v.sort((a, b) => a - b)]))).toEqual({
    'priority=eq.5': [5],
    'priority=neq.5': [1, 9],
    'priority=lt.5': [1],
    'priority=lte.5': [1, 5],
    'priority=gt.5': [9],
    'priority=gte.5': [5, 9],
    'priority=in.(1,9)': [1, 9],
  });
});

test('two bindings on one channel get one message per change, and leaving stops delivery', async () => {
  const c = collector();
  const d = collector();
  const client = rt.client(rt.keys.serviceRoleKey);
  const channel = await subscribed(
    client
      .channel('two')
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'job_events' }, c.push)
      .on('postgres_changes', { event: '*', schema: 'public', table: 'job_events' }, d.push),
  );
  const [job] = await rt.db.sql<{ id: string }[]>`insert into jobs (workspace_id, kind) values (${ws}, 'noop') returning id`;
  await rt.db.sql`insert into job_events (workspace_id, job_id, type) values (${ws}, ${job?.id ?? ''}, 'test:one')`;
  await c.waitFor(1);
  await d.waitFor(1);
  await client.removeChannel(channel);
  await rt.db.sql`insert into job_events (workspace_id, job_id, type) values (${ws}, ${job?.id ?? ''}, 'test:two')`;
  await rt.realtime.router.drained();
  await new Promise((r) => setTimeout(r, 200));
  expect(c.got.map((p) => (p.new as { type: string }).type)).toEqual(['test:one']);
  expect(d.got).toHaveLength(1);
});

test('a row inserted right after SUBSCRIBED arrives (no gap)', async () => {
  for (let i = 0; i < 5; i++) {
    const c = collector();
    const client = rt.client(rt.keys.serviceRoleKey);
    const channel = client.channel(`gap-${i}`).on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'jobs' }, c.push);
    const inserted = new Promise<string>((resolve) => {
      channel.subscribe((status) => {
        if (status === 'SUBSCRIBED')
          void rt.db.sql<{ id: string }[]>`insert into jobs (workspace_id, kind) values (${ws}, 'noop') returning id`.then((r) =>
            resolve(r[0]?.id ?? ''),
          );
      });
    });
    const id = await inserted;
    await expect.poll(() => c.got.some((p) => (p.new as { id: string }).id === id), { timeout: 5000 }).toBe(true);
    await client.removeChannel(channel);
  }
});
