/**
 * A change the local Realtime can't check against RLS (here a policy that raises for one row) is
 * not dropped silently: the channels it matched get a resync notice, so their clients reload; the
 * changes after it are delivered as usual.
 */
import { randomUUID } from 'node:crypto';
import { isResyncNotice } from '@tagwright/shared/realtime';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RealtimeStack, startRealtimeStack, subscribed } from './realtime-stack.ts';

let rt: RealtimeStack;
const user = randomUUID();
beforeAll(async () => {
  rt = await startRealtimeStack();
  await rt.db.sql.unsafe(`
    create table public.rt_probe (id uuid primary key default gen_random_uuid(), note text not null);
    create function public.rt_probe_visible(note text) returns boolean language plpgsql as $$
    begin
      if note = 'boom' then raise exception 'the probe policy refuses to decide'; end if;
      return true;
    end $$;
    alter table public.rt_probe enable row level security;
    create policy "everyone, unless it raises" on public.rt_probe for select to authenticated using (public.rt_probe_visible(note));
    grant select on public.rt_probe to authenticated;
    alter publication supabase_realtime add table public.rt_probe;`);
  await rt.db.sql`insert into auth.users (id, email, aud, role) values (${user}, 'probe@rt.test', 'authenticated', 'authenticated')`;
});
afterAll(() => rt?.stop());

test('a change whose RLS check fails sends the channel a resync notice instead of vanishing', async () => {
  const notes: string[] = [];
  const notices: unknown[] = [];
  const client = rt.client(await rt.userToken(user));
  await subscribed(
    client
      .channel(randomUUID())
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'rt_probe' }, (p) => notes.push((p.new as { note: string }).note))
      .on('system', {}, (payload: unknown) => {
        if (isResyncNotice(payload)) notices.push(payload);
      }),
  );
  await rt.db.sql`insert into public.rt_probe (note) values ('first')`;
  await expect.poll(() => notes, { timeout: 5000 }).toEqual(['first']);
  expect(notices).toEqual([]);

  await rt.db.sql`insert into public.rt_probe (note) values ('boom')`;
  await expect.poll(() => notices.length, { timeout: 5000 }).toBe(1);
  const message = (notices[0] as { message: string }).message;
  expect(message).toContain('public.rt_probe');
  expect(message).not.toContain('refuses to decide'); // the database's error stays in the server log

  await rt.db.sql`insert into public.rt_probe (note) values ('after')`;
  await expect.poll(() => notes, { timeout: 5000 }).toEqual(['first', 'after']);
});
