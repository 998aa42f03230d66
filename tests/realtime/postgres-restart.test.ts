/** A Postgres restart under a live supabase-js subscription: the client is told to refetch, and later changes arrive. */
import { isResyncNotice } from '@tagwright/shared/realtime';
import { startPostgres } from '@tagwright/stack';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RealtimeStack, startRealtimeStack, subscribed } from './realtime-stack.ts';

let rt: RealtimeStack;
beforeAll(async () => {
  rt = await startRealtimeStack();
});
afterAll(() => rt?.stop());

test('after Postgres restarts, subscribers get a system message to refetch and then every new change', async () => {
  const [ws] = await rt.db.sql<{ id: string }[]>`insert into workspaces (name) values ('Restart') returning id`;
  const notices: unknown[] = [];
  const inserted: string[] = [];
  const channel = rt
    .client(rt.keys.serviceRoleKey)
    .channel('restart')
    .on('system', {}, (payload: unknown) => isResyncNotice(payload) && notices.push(payload))
    .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'jobs' }, (change) =>
      inserted.push((change.new as { kind: string; priority: number }).priority.toString()),
    );
  await subscribed(channel);
  await rt.db.sql`insert into jobs (workspace_id, kind, priority) values (${ws?.id ?? ''}, 'noop', 1)`;
  await expect.poll(() => inserted, { timeout: 10_000 }).toEqual(['1']);

  await rt.db.server.stop();
  const restarted = await startPostgres({
    dataDir: rt.db.dataDir,
    port: rt.db.port,
    settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
  });
  try {
    await expect.poll(() => notices.length, { timeout: 20_000 }).toBeGreaterThan(0);
    await rt.db.sql`insert into jobs (workspace_id, kind, priority) values (${ws?.id ?? ''}, 'noop', 2)`;
    await expect.poll(() => inserted, { timeout: 10_000 }).toEqual(['1', '2']);
  } finally {
    await rt.realtime.stop();
    await restarted.stop();
  }
});
