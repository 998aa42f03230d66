/** Presence through the local Realtime with supabase-js: sync, join, update, leave on untrack and on disconnect. */
import type { RealtimeChannel } from '@supabase/supabase-js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RealtimeStack, startRealtimeStack, subscribed } from './realtime-stack.ts';

let rt: RealtimeStack;
beforeAll(async () => {
  rt = await startRealtimeStack();
});
afterAll(() => rt?.stop());

/** Who each key is, as the channel's presenceState() shows it (presence_ref left out). */
function people(channel: RealtimeChannel): Record<string, unknown[]> {
  return Object.fromEntries(
    Object.entries(channel.presenceState()).map(([key, metas]) => [key, metas.map(({ presence_ref: _ref, ...meta }) => meta)]),
  );
}

test('a joiner sees who is already there, then joins, updates and leaves of others', async () => {
  const alice = rt.client(rt.keys.anonKey).channel('room:presence', { config: { presence: { key: 'alice' } } });
  const joins: string[] = [];
  const leaves: string[] = [];
  alice.on('presence', { event: 'join' }, ({ key }) => joins.push(key)).on('presence', { event: 'leave' }, ({ key }) => leaves.push(key));
  await subscribed(alice);
  expect(await alice.track({ name: 'Alice', page: '/jobs' })).toBe('ok');

  const bobClient = rt.client(rt.keys.anonKey);
  const bob = bobClient.channel('room:presence', { config: { presence: { key: 'bob' } } }).on('presence', { event: 'sync' }, () => {});
  await subscribed(bob);
  // Bob joined after Alice tracked: the state he gets on join already holds her.
  await expect.poll(() => people(bob), { timeout: 5000 }).toEqual({ alice: [{ name: 'Alice', page: '/jobs' }] });

  await bob.track({ name: 'Bob', page: '/labels' });
  await expect
    .poll(() => people(alice), { timeout: 5000 })
    .toEqual({
      alice: [{ name: 'Alice', page: '/jobs' }],
      bob: [{ name: 'Bob', page: '/labels' }],
    });
  expect(joins).toContain('bob');

  // Tracking again replaces the metadata rather than adding a second presence.
  await bob.track({ name: 'Bob', page: '/imports' });
  await expect.poll(() => people(alice).bob, { timeout: 5000 }).toEqual([{ name: 'Bob', page: '/imports' }]);

  await bob.untrack();
  await expect.poll(() => people(alice), { timeout: 5000 }).toEqual({ alice: [{ name: 'Alice', page: '/jobs' }] });
  expect(leaves).toContain('bob');

  // A client that goes away without untracking leaves too.
  await bob.track({ name: 'Bob', page: '/' });
  await expect.poll(() => Object.keys(people(alice)).sort(), { timeout: 5000 }).toEqual(['alice', 'bob']);
  bobClient.realtime.disconnect();
  await expect.poll(() => Object.keys(people(alice)), { timeout: 5000 }).toEqual(['alice']);
});

test('two sockets under one key are two presences of that key; other topics see nothing', async () => {
  const watcher = rt
    .client(rt.keys.anonKey)
    .channel('room:tabs')
    .on('presence', { event: 'sync' }, () => {});
  const elsewhere = rt
    .client(rt.keys.anonKey)
    .channel('room:other')
    .on('presence', { event: 'sync' }, () => {});
  await subscribed(watcher);
  await subscribed(elsewhere);
  for (const tab of ['tab 1', 'tab 2']) {
    const channel = rt.client(rt.keys.anonKey).channel('room:tabs', { config: { presence: { key: 'carol' } } });
    await subscribed(channel);
    await channel.track({ tab });
  }
  await expect
    .poll(() => (people(watcher).carol ?? []).map((m) => (m as { tab: string }).tab).sort(), { timeout: 5000 })
    .toEqual(['tab 1', 'tab 2']);
  expect(people(elsewhere)).toEqual({});
});

test('without a key the server picks a distinct one per channel', async () => {
  const watcher = rt
    .client(rt.keys.anonKey)
    .channel('room:anon')
    .on('presence', { event: 'sync' }, () => {});
  await subscribed(watcher);
  for (const n of [1, 2]) {
    const channel = rt.client(rt.keys.anonKey).channel('room:anon');
    await subscribed(channel);
    await channel.track({ n });
  }
  await expect.poll(() => Object.keys(people(watcher)).length, { timeout: 5000 }).toBe(2);
  for (const key of Object.keys(people(watcher))) expect(key).toMatch(/^[0-9a-f-]{36}$/);
});
