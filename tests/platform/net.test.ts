/**
 * The local stand-in for pg_net: net.http_post from SQL queues a request that the stack sends with
 * its headers, body and timeout, recording the answer (or the failure) in net._http_response as
 * pg_net does, so triggers written for hosted Supabase work unchanged.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestStack, type TestStack } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';

let t: TestStack;
let server: http.Server;
let base = '';
const seen: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  t = await startTestStack();
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000);
      res.writeHead(req.url === '/teapot' ? 418 : 200, { 'content-type': 'text/plain', 'x-answer': 'yes' }).end(`got ${body}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await t?.stop();
});

async function response(id: number) {
  await expect.poll(async () => (await t.db.sql`select 1 from net._http_response where id = ${id}`).length, { timeout: 10_000 }).toBe(1);
  const [row] = await t.db.sql<
    {
      status_code: number | null;
      content: string | null;
      headers: Record<string, string> | null;
      timed_out: boolean;
      error_msg: string | null;
    }[]
  >`
    select status_code, content, headers, timed_out, error_msg from net._http_response where id = ${id}`;
  return row;
}

test('a POST from SQL arrives with its JSON body and headers, and its answer is recorded', async () => {
  const [{ id } = { id: 0 }] = await t.db.sql<{ id: number }[]>`
    select net.http_post(url := ${`${base}/hook`}, body := '{"delivery_id": "d-1"}'::jsonb,
                         headers := '{"Content-Type": "application/json", "X-Token": "abc"}'::jsonb)::int as id`;
  const answer = await response(id);
  expect(answer).toMatchObject({ status_code: 200, content: 'got {"delivery_id": "d-1"}', timed_out: false, error_msg: null });
  expect(answer?.headers?.['x-answer']).toBe('yes');
  const request = seen.find((r) => r.url === '/hook');
  expect(request).toMatchObject({ method: 'POST', body: '{"delivery_id": "d-1"}' });
  expect(request?.headers['x-token']).toBe('abc');
  expect(await t.db.sql`select count(*)::int as n from net.http_request_queue`).toEqual([{ n: 0 }]);
});

test('an error status is recorded as an answer; a dead port and a timeout as failures', async () => {
  const [teapot] = await t.db.sql<{ id: number }[]>`select net.http_post(${`${base}/teapot`})::int as id`;
  expect((await response(teapot?.id ?? 0))?.status_code).toBe(418);
  const closed = http.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const deadPort = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const [dead] = await t.db.sql<{ id: number }[]>`select net.http_post(${`http://127.0.0.1:${deadPort}/nothing`})::int as id`;
  expect(await response(dead?.id ?? 0)).toMatchObject({
    status_code: null,
    timed_out: false,
    error_msg: expect.stringContaining('ECONNREFUSED'),
  });
  const [slow] = await t.db.sql<{ id: number }[]>`select net.http_post(${`${base}/slow`}, timeout_milliseconds := 300)::int as id`;
  expect(await response(slow?.id ?? 0)).toMatchObject({ status_code: null, timed_out: true, error_msg: 'Timeout of 300 ms reached' });
});

test('requests queued in a transaction that rolls back are never sent', async () => {
  const before = seen.length;
  await t.db.sql
    .begin(async (tx) => {
      await tx`select net.http_post(${`${base}/rolled-back`})`;
      throw new Error('roll back');
    })
    .catch(() => undefined);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  expect(seen.slice(before).some((r) => r.url === '/rolled-back')).toBe(false);
});

test('query params are refused with what to do instead', async () => {
  await expect(t.db.sql`select net.http_post(${`${base}/x`}, params := '{"a": "1"}'::jsonb)`).rejects.toThrow(/put them in the URL/);
});
