/** The socket itself, spoken raw: heartbeat replies, idle sockets closed, bad frames ignored, a resync notice after the stream comes back. */

import { afterAll, beforeAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { type RealtimeStack, startRealtimeStack } from './realtime-stack.ts';

let rt: RealtimeStack;
beforeAll(async () => {
  rt = await startRealtimeStack({ idleTimeoutMs: 500 });
});
afterAll(() => rt?.stop());

function open(vsn = '2.0.0'): Promise<{ ws: WebSocket; frames: unknown[] }> {
  const ws = new WebSocket(`${rt.url.replace('http', 'ws')}/realtime/v1/websocket?vsn=${vsn}&apikey=${rt.keys.serviceRoleKey}`);
  const frames: unknown[] = [];
  ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve({ ws, frames }));
    ws.once('error', reject);
  });
}

test('heartbeats get a reply in both serializations', async () => {
  const v2 = await open('2.0.0');
  v2.ws.send(JSON.stringify([null, '1', 'phoenix', 'heartbeat', {}]));
  await expect.poll(() => v2.frames, { timeout: 2000 }).toEqual([[null, '1', 'phoenix', 'phx_reply', { status: 'ok', response: {} }]]);
  const v1 = await open('1.0.0');
  v1.ws.send(JSON.stringify({ topic: 'phoenix', event: 'heartbeat', payload: {}, ref: '7' }));
  await expect
    .poll(() => v1.frames, { timeout: 2000 })
    .toEqual([{ join_ref: null, ref: '7', topic: 'phoenix', event: 'phx_reply', payload: { status: 'ok', response: {} } }]);
  v1.ws.close();
  v2.ws.close();
});

test('a socket that sends nothing (no heartbeats) is closed with the reason', async () => {
  const { ws } = await open();
  const closed = await new Promise<{ code: number; reason: string }>((resolve) =>
    ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  expect(closed).toEqual({ code: 1000, reason: 'heartbeat timeout' });
});

test('a bad frame is ignored and the socket keeps working; an unknown event gets an error reply', async () => {
  const { ws, frames } = await open();
  ws.send('not json');
  ws.send(JSON.stringify([null, '2', 'realtime:x', 'dance', {}]));
  ws.send(JSON.stringify([null, '3', 'phoenix', 'heartbeat', {}]));
  await expect.poll(() => frames.length, { timeout: 2000 }).toBe(2);
  expect(frames[0]).toEqual([null, '2', 'realtime:x', 'phx_reply', { status: 'error', response: { reason: 'unknown event "dance"' } }]);
  expect(frames[1]).toEqual([null, '3', 'phoenix', 'phx_reply', { status: 'ok', response: {} }]);
  ws.close();
});

test('a client that stops reading is disconnected with the reason; others keep getting every change', async () => {
  // 8 MB of slack: a busy but reading client never falls that far behind; one that stopped reading does.
  const slow = await startRealtimeStack({ maxBufferedBytes: 8 * 1024 * 1024 });
  try {
    const [ws] = await slow.db.sql<{ id: string }[]>`insert into workspaces (name) values ('Slow') returning id`;
    const join = JSON.stringify([
      '1',
      '1',
      'realtime:j',
      'phx_join',
      { config: { postgres_changes: [{ event: 'INSERT', schema: 'public', table: 'job_events' }] } },
    ]);
    const url = `${slow.url.replace('http', 'ws')}/realtime/v1/websocket?vsn=2.0.0&apikey=${slow.keys.serviceRoleKey}`;
    const connect = () =>
      new Promise<WebSocket>((resolve) => {
        const socket = new WebSocket(url);
        socket.once('open', () => {
          socket.send(join);
          resolve(socket);
        });
      });
    const stuck = await connect();
    const healthy = await connect();
    let healthyGot = 0;
    healthy.on('message', (data) => {
      if ((JSON.parse(data.toString()) as unknown[])[3] === 'postgres_changes') healthyGot++;
    });
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      stuck.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
    await new Promise((r) => setTimeout(r, 300));
    (stuck as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause(); // stops reading from the wire
    const [job] = await slow.db.sql<{ id: string }[]>`insert into jobs (workspace_id, kind) values (${ws?.id ?? ''}, 'noop') returning id`;
    const big = 'x'.repeat(200_000);
    for (let i = 0; i < 200; i++) {
      await slow.db
        .sql`insert into job_events (workspace_id, job_id, type, payload) values (${ws?.id ?? ''}, ${job?.id ?? ''}, 'big', ${slow.db.sql.json({ big, i })})`;
    }
    await expect.poll(() => healthyGot, { timeout: 60_000 }).toBe(200);
    (stuck as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await closed).toEqual({ code: 1013, reason: 'slow consumer: too many undelivered messages' });
    healthy.close();
  } finally {
    await slow.stop();
  }
}, 120_000);
