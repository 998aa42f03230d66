/**
 * A commit reaches the change stream before other sessions can see it (Postgres writes the commit
 * record, then makes the transaction visible; a synchronous standby is waited for in between). The
 * RLS check reads the row as the user, so it must wait until the commit is visible, or a change a
 * user may see would be dropped as "not visible". Synchronous replication to the stack's own stream
 * holds every commit in that gap until the stream confirms it (up to a second here), so the test
 * sees the race every time rather than once in a while.
 */
import { randomUUID } from 'node:crypto';
import type { RealtimePostgresChangesPayload } from '@supabase/supabase-js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RealtimeStack, startRealtimeStack, subscribed } from './realtime-stack.ts';

let rt: RealtimeStack;
const user = randomUUID();
let workspace = '';

beforeAll(async () => {
  rt = await startRealtimeStack();
  const { sql } = rt.db;
  await sql`insert into auth.users (id, email, aud, role) values (${user}, 'sync@rt.test', 'authenticated', 'authenticated')`;
  const [ws] = await sql<{ id: string }[]>`insert into workspaces (name, created_by) values ('Sync', ${user}) returning id`;
  workspace = ws?.id ?? '';
  await sql.unsafe(`alter system set synchronous_standby_names = 'tagwright_realtime'`);
  await sql`select pg_reload_conf()`;
});
afterAll(async () => {
  if (!rt) return;
  await rt.db.sql.unsafe(`alter system reset synchronous_standby_names`);
  await rt.db.sql`select pg_reload_conf()`;
  await rt.stop();
});

test('a row committed but not yet visible to others still reaches the user it belongs to', async () => {
  const got: RealtimePostgresChangesPayload<{ id: string }>[] = [];
  const client = rt.client(await rt.userToken(user));
  await subscribed(
    client.channel(randomUUID()).on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'jobs' }, (p) => got.push(p as never)),
  );
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const id = await rt.db.sql.begin(async (tx) => {
      await tx`set local synchronous_commit = on`; // the test database runs with it off
      const [row] = await tx<{ id: string }[]>`insert into jobs (workspace_id, kind) values (${workspace}, 'noop') returning id`;
      return row?.id ?? '';
    });
    ids.push(id);
  }
  await expect.poll(() => got.map((p) => (p.new as { id: string }).id), { timeout: 15_000 }).toEqual(ids);
});
