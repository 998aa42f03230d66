/**
 * API keys, webhooks and the delivery log in SQL, per role: who may make and revoke keys, who sees
 * what (never a key's hash; webhook secrets only for editors), the rate limit's token bucket, the
 * trigger that records one delivery per job ending, dispatch through net.http_post, and the
 * attempt bookkeeping (retry schedule, failure, redelivery keeping the log).
 */
import { asAnon, asUser, type Sql } from '@tagwright/shared/db';
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember, createUser, createWorkspace } from './fixtures.ts';

let db: TestPostgres;
let sql: Sql;
let ws = '';
let other = '';
const people = { owner: '', editor: '', viewer: '', outsider: '' };

beforeAll(async () => {
  db = await testPostgres();
  sql = db.sql;
  people.owner = await createUser(sql, 'owner@keys.test');
  people.editor = await createUser(sql, 'editor@keys.test');
  people.viewer = await createUser(sql, 'viewer@keys.test');
  people.outsider = await createUser(sql, 'outsider@keys.test');
  ws = await createWorkspace(sql, 'Keys', people.owner);
  other = await createWorkspace(sql, 'Elsewhere', people.outsider);
  await addMember(sql, ws, people.editor, 'editor');
  await addMember(sql, ws, people.viewer, 'viewer');
});
afterAll(() => db?.stop());

const createKey = (userId: string, workspace = ws, limit = 60) =>
  asUser(
    sql,
    userId,
    (tx) => tx<{ id: string; prefix: string; key: string }[]>`select * from public.create_api_key(${workspace}, 'k', ${limit})`,
  );
const authenticate = async (key: string) =>
  (
    await sql<
      { outcome: string; retry_after_seconds: number | null }[]
    >`select outcome, retry_after_seconds from public.authenticate_api_key(${key})`
  )[0];

describe('API keys', () => {
  test('owners and editors make keys; viewers, outsiders and anon cannot', async () => {
    for (const who of [people.owner, people.editor]) expect((await createKey(who))[0]?.key).toMatch(/^tw_[0-9a-f]{8}_[0-9a-f]{64}$/);
    await expect(createKey(people.viewer)).rejects.toThrow(/Only owners and editors of the workspace can create API keys/);
    await expect(createKey(people.outsider)).rejects.toThrow(/Only owners and editors/);
    await expect(createKey(people.editor, other)).rejects.toThrow(/Only owners and editors/);
    await expect(asAnon(sql, (tx) => tx`select * from public.create_api_key(${ws}, 'k')`)).rejects.toThrow(/permission denied/);
  });

  test('the table keeps only a SHA-256 of the key; members list keys but cannot read the hash; others see none', async () => {
    const [made] = await createKey(people.owner);
    const key = made?.key ?? '';
    const [stored] = await sql<{ key_hash: string }[]>`select key_hash from public.api_keys where id = ${made?.id ?? ''}`;
    expect(stored?.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored?.key_hash).not.toContain(key.slice(12));
    const listed = await asUser(
      sql,
      people.viewer,
      (tx) => tx`select prefix, name, last_used_at from public.api_keys where id = ${made?.id ?? ''}`,
    );
    expect(listed).toEqual([{ prefix: key.slice(0, 11), name: 'k', last_used_at: null }]);
    await expect(asUser(sql, people.viewer, (tx) => tx`select key_hash from public.api_keys`)).rejects.toThrow(/permission denied/);
    await expect(asUser(sql, people.editor, (tx) => tx`select rate_tokens from public.api_keys`)).rejects.toThrow(/permission denied/);
    expect(await asUser(sql, people.outsider, (tx) => tx`select id from public.api_keys where workspace_id = ${ws}`)).toEqual([]);
    await expect(asUser(sql, people.owner, (tx) => tx`update public.api_keys set revoked_at = null`)).rejects.toThrow(/permission denied/);
  });

  test('authenticate: ok (and last used), unknown, revoked (revoking twice keeps the first time); only service code may call it', async () => {
    const [made] = await createKey(people.editor);
    const key = made?.key ?? '';
    expect(await authenticate(key)).toEqual({ outcome: 'ok', retry_after_seconds: null });
    expect((await sql`select last_used_at from public.api_keys where id = ${made?.id ?? ''}`)[0]?.last_used_at).not.toBeNull();
    expect((await authenticate(`tw_00000000_${'0'.repeat(64)}`))?.outcome).toBe('unknown');
    const [first] = await asUser(
      sql,
      people.editor,
      (tx) => tx<{ revoked_at: string }[]>`select revoked_at from public.revoke_api_key(${made?.prefix ?? ''})`,
    );
    const [second] = await sql<{ revoked_at: string }[]>`select revoked_at from public.revoke_api_key(${made?.prefix ?? ''})`;
    expect(second?.revoked_at).toBe(first?.revoked_at);
    expect((await authenticate(key))?.outcome).toBe('revoked');
    await expect(asUser(sql, people.owner, (tx) => tx`select * from public.authenticate_api_key(${key})`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(asUser(sql, people.viewer, (tx) => tx`select * from public.revoke_api_key(${made?.prefix ?? ''})`)).rejects.toThrow(
      /Only owners and editors/,
    );
    await expect(asUser(sql, people.outsider, (tx) => tx`select * from public.revoke_api_key(${made?.prefix ?? ''})`)).rejects.toThrow(
      /No API key starts with/,
    );
  });

  test('the rate limit is a token bucket: a burst of the limit, then refusals with the wait, then refilled by time', async () => {
    const [made] = await createKey(people.owner, ws, 3);
    const key = made?.key ?? '';
    for (let i = 0; i < 3; i++) expect((await authenticate(key))?.outcome).toBe('ok');
    expect(await authenticate(key)).toEqual({ outcome: 'rate_limited', retry_after_seconds: 20 });
    // 40 s later: two tokens back
    await sql`update public.api_keys set rate_checked_at = rate_checked_at - interval '40 seconds' where id = ${made?.id ?? ''}`;
    expect((await authenticate(key))?.outcome).toBe('ok');
    expect((await authenticate(key))?.outcome).toBe('ok');
    expect((await authenticate(key))?.outcome).toBe('rate_limited');
  });
});

describe('webhooks', () => {
  test('editors manage them and see the secret; viewers and other workspaces see none; bad URLs and events are refused', async () => {
    const [hook] = await asUser(
      sql,
      people.editor,
      (tx) => tx<{ secret: string }[]>`
      insert into public.webhooks (workspace_id, url) values (${ws}, 'https://hooks.example/a') returning secret`,
    );
    expect(hook?.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(await asUser(sql, people.viewer, (tx) => tx`select id from public.webhooks`)).toEqual([]);
    expect(await asUser(sql, people.outsider, (tx) => tx`select id from public.webhooks where workspace_id = ${ws}`)).toEqual([]);
    await expect(
      asUser(sql, people.viewer, (tx) => tx`insert into public.webhooks (workspace_id, url) values (${ws}, 'https://x.example')`),
    ).rejects.toThrow(/row-level security/);
    await expect(sql`insert into public.webhooks (workspace_id, url) values (${ws}, 'ftp://x.example')`).rejects.toThrow(
      /check constraint/,
    );
    await expect(
      sql`insert into public.webhooks (workspace_id, url, events) values (${ws}, 'https://x.example', '{job.started}')`,
    ).rejects.toThrow(/check constraint/);
    await sql`delete from public.webhooks where workspace_id = ${ws}`;
  });
});

describe('deliveries', () => {
  let generic = '';
  beforeAll(async () => {
    await sql`update tagwright_internal.webhook_dispatch set functions_url = null, retry_delays_ms = '{100,200}'`;
    const rows = await sql<{ id: string }[]>`
      insert into public.webhooks (workspace_id, url, events, enabled) values
        (${ws}, 'https://hooks.example/all', default, true),
        (${ws}, 'https://hooks.example/failures', '{job.failed}', true),
        (${ws}, 'https://hooks.example/off', default, false)
      returning id`;
    generic = rows[0]?.id ?? '';
  });

  const deliveriesOf = (job: string) =>
    sql<{ id: string; webhook_id: string; event: string; status: string; last_error: string | null; payload: Record<string, unknown> }[]>`
      select id, webhook_id, event, status::text, last_error, payload from public.webhook_deliveries where job_id = ${job}`;

  test('a job ending records one delivery per webhook that wants the event, with the event as payload, once', async () => {
    const [job] = await sql<{ id: string }[]>`insert into public.jobs (workspace_id, kind) values (${ws}, 'noop') returning id`;
    const id = job?.id ?? '';
    await sql`update public.jobs set status = 'running', locked_by = 'w', lease_until = now() + interval '1 minute' where id = ${id}`;
    expect(await deliveriesOf(id)).toEqual([]);
    await sql`update public.jobs set status = 'succeeded', finished_at = now(), summary = '{"labels": {"printed": 0}}' where id = ${id}`;
    await sql`update public.jobs set progress = 100 where id = ${id}`; // not an ending
    const deliveries = await deliveriesOf(id);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      webhook_id: generic,
      event: 'job.succeeded',
      status: 'pending',
      last_error: expect.stringContaining('set_functions_url'),
      payload: {
        event: 'job.succeeded',
        workspace: { id: ws, name: 'Keys' },
        job: { id, status: 'succeeded', summary: { labels: { printed: 0 } } },
      },
    });
  });

  test('a job canceled as it is inserted fires job.canceled; a failure reaches the failures-only webhook too', async () => {
    const [canceled] = await sql<{ id: string }[]>`
      insert into public.jobs (workspace_id, kind, cancel_requested) values (${ws}, 'noop', true) returning id`;
    expect((await deliveriesOf(canceled?.id ?? '')).map((d) => d.event)).toEqual(['job.canceled']);
    const [failed] = await sql<{ id: string }[]>`insert into public.jobs (workspace_id, kind) values (${ws}, 'noop') returning id`;
    await sql`update public.jobs set status = 'failed', finished_at = now(), error = 'boom' where id = ${failed?.id ?? ''}`;
    expect((await deliveriesOf(failed?.id ?? '')).map((d) => d.event)).toEqual(['job.failed', 'job.failed']);
  });

  test('once a worker says where the functions are, the sweep asks the webhooks function through net.http_post', async () => {
    await sql`select public.set_functions_url('http://127.0.0.1:9/functions/v1/')`;
    await sql`update public.webhook_deliveries set created_at = created_at - interval '1 minute'`;
    const dispatched = (await sql<{ n: number }[]>`select public.dispatch_due_webhooks() as n`)[0]?.n ?? 0;
    expect(dispatched).toBeGreaterThanOrEqual(4);
    const [settings] = await sql<{ token: string }[]>`select token from tagwright_internal.webhook_dispatch`;
    const queued = await sql<{ url: string; headers: Record<string, string>; body: string }[]>`
      select url, headers, convert_from(body, 'UTF8') as body from net.http_request_queue order by id`;
    expect(queued.length).toBe(dispatched);
    expect(queued[0]).toMatchObject({
      url: 'http://127.0.0.1:9/functions/v1/webhooks',
      headers: { 'X-Tagwright-Dispatch': settings?.token },
    });
    expect(JSON.parse(queued[0]?.body ?? '{}')).toEqual({ delivery_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect((await sql<{ n: number }[]>`select public.dispatch_due_webhooks() as n`)[0]?.n).toBe(0); // not again within 30 s
  });

  test('attempts: retry schedule, failure after it, success, and a redelivery that keeps the log', async () => {
    const [delivery] = await sql<{ id: string }[]>`select id from public.webhook_deliveries where webhook_id = ${generic} limit 1`;
    const id = delivery?.id ?? '';
    const [settings] = await sql<{ token: string }[]>`select token from tagwright_internal.webhook_dispatch`;
    await expect(sql`select * from public.claim_webhook_delivery(${id}, 'wrong')`).rejects.toThrow(/Wrong dispatch token/);
    expect(await sql`select id from public.claim_webhook_delivery(${id}, ${settings?.token ?? ''})`).toHaveLength(1);
    expect(await sql`select id from public.claim_webhook_delivery(${id}, ${settings?.token ?? ''})`).toHaveLength(0); // held
    const record = async (code: number | null) =>
      (
        await sql<{ status: string; attempts: number; retry_in_ms: number | null }[]>`
        select status::text, attempts, retry_in_ms from public.record_webhook_attempt(${id}, ${code}, ${code === 200 ? null : `HTTP ${code}`}, 12)`
      )[0];
    expect(await record(500)).toEqual({ status: 'retrying', attempts: 1, retry_in_ms: 100 });
    expect(await record(502)).toEqual({ status: 'retrying', attempts: 2, retry_in_ms: 200 });
    expect(await record(500)).toEqual({ status: 'failed', attempts: 3, retry_in_ms: null });
    await asUser(sql, people.editor, (tx) => tx`select public.redeliver_webhook(${id})`);
    expect((await sql`select status::text, attempts from public.webhook_deliveries where id = ${id}`)[0]).toEqual({
      status: 'pending',
      attempts: 3,
    });
    expect(await record(503)).toEqual({ status: 'retrying', attempts: 4, retry_in_ms: 100 });
    expect(await record(200)).toEqual({ status: 'succeeded', attempts: 5, retry_in_ms: null });
    const log = await sql<{ attempt: number; status_code: number }[]>`
      select attempt, status_code from public.webhook_attempts where delivery_id = ${id} order by attempt`;
    expect(log.map((a) => [a.attempt, a.status_code])).toEqual([
      [1, 500],
      [2, 502],
      [3, 500],
      [4, 503],
      [5, 200],
    ]);
    await expect(asUser(sql, people.viewer, (tx) => tx`select public.redeliver_webhook(${id})`)).rejects.toThrow(/Only owners and editors/);
  });

  test('members read the log of their workspace only and cannot write it', async () => {
    expect((await asUser(sql, people.viewer, (tx) => tx`select id from public.webhook_deliveries`)).length).toBeGreaterThan(0);
    expect((await asUser(sql, people.viewer, (tx) => tx`select id from public.webhook_attempts`)).length).toBeGreaterThan(0);
    expect(await asUser(sql, people.outsider, (tx) => tx`select id from public.webhook_deliveries`)).toEqual([]);
    await expect(asUser(sql, people.owner, (tx) => tx`update public.webhook_deliveries set status = 'succeeded'`)).rejects.toThrow(
      /permission denied/,
    );
  });
});
