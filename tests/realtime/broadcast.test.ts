/** Broadcast between supabase-js clients through the local Realtime: binary (vsn 2) and JSON (vsn 1) frames, self and ack. */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type RealtimeStack, startRealtimeStack, subscribed } from './realtime-stack.ts';

let rt: RealtimeStack;
beforeAll(async () => {
  rt = await startRealtimeStack();
});
afterAll(() => rt?.stop());

test('a message reaches the other clients of the topic (vsn 2 and 1), itself with self, and is acked with ack', async () => {
  const received: Record<string, unknown[]> = { sender: [], v2: [], v1: [] };
  const sender = await subscribed(
    rt
      .client(rt.keys.anonKey)
      .channel('room', { config: { broadcast: { self: true, ack: true } } })
      .on('broadcast', { event: 'hello' }, (m) => received.sender?.push(m.payload)),
  );
  await subscribed(
    rt
      .client(rt.keys.anonKey)
      .channel('room')
      .on('broadcast', { event: 'hello' }, (m) => received.v2?.push(m.payload)),
  );
  await subscribed(
    rt
      .client(rt.keys.anonKey, { vsn: '1.0.0' })
      .channel('room')
      .on('broadcast', { event: 'hello' }, (m) => received.v1?.push(m.payload)),
  );
  await subscribed(
    rt
      .client(rt.keys.anonKey)
      .channel('elsewhere')
      .on('broadcast', { event: 'hello' }, () => received.sender?.push('wrong room')),
  );

  expect(await sender.send({ type: 'broadcast', event: 'hello', payload: { n: 1, text: 'hi' } })).toBe('ok');
  await expect
    .poll(() => received, { timeout: 5000 })
    .toEqual({ sender: [{ n: 1, text: 'hi' }], v2: [{ n: 1, text: 'hi' }], v1: [{ n: 1, text: 'hi' }] });
});

test('without self, the sender does not hear itself', async () => {
  const heard: unknown[] = [];
  const other: unknown[] = [];
  const sender = await subscribed(
    rt
      .client(rt.keys.anonKey)
      .channel('quiet')
      .on('broadcast', { event: 'x' }, (m) => heard.push(m.payload)),
  );
  await subscribed(
    rt
      .client(rt.keys.anonKey)
      .channel('quiet')
      .on('broadcast', { event: 'x' }, (m) => other.push(m.payload)),
  );
  await sender.send({ type: 'broadcast', event: 'x', payload: { ok: true } });
  await expect.poll(() => other.length, { timeout: 5000 }).toBe(1);
  expect(heard).toEqual([]);
});
