/**
 * API keys, webhooks and the delivery log in SQL, per role: who may make and revoke keys, who sees
 * what (never a key's hash; webhook secrets only for editors), the rate limit's token bucket, the
 * trigger that records one delivery per job ending, dispatch through net.http_post, and the
 * attempt bookkeeping (retry schedule, failure, redelivery keeping the log).
 */
import { createHash } from 'node:crypto';
import { asAnon, asServiceRole, asUser, type Sql, type TransactionSql } from '@tagwright/shared/db';
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

const KEY_FORMAT = /^tw_[0-9a-f]{8}_[0-9a-f]{64}$/;
const refusedAsUnprivileged = (what: RegExp) => ({ code: '42501', message: expect.stringMatching(what) });

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
  test('owners and editors make keys, shown once: the table keeps only their SHA-256, under the first 11 characters as prefix', async () => {
    for (const who of [people.owner, people.editor]) {
      const [made] = await createKey(who);
      const key = made?.key ?? '';
      expect(key).toMatch(KEY_FORMAT);
      expect(made?.prefix).toBe(key.slice(0, 11));
      const [stored] = await sql<{ row: string; key_hash: string }[]>`
        select row_to_json(k)::text as row, key_hash from public.api_keys k where id = ${made?.id ?? ''}`;
      expect(stored?.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
      expect(stored?.row).not.toContain(key.slice(12));
    }
  });

  test('viewers, non-members and anon cannot make keys', async () => {
    await expect(createKey(people.viewer)).rejects.toMatchObject(
      refusedAsUnprivileged(/Only owners and editors of the workspace can create API keys/),
    );
    await expect(createKey(people.outsider)).rejects.toMatchObject(refusedAsUnprivileged(/Only owners and editors/));
    await expect(createKey(people.editor, other)).rejects.toMatchObject(refusedAsUnprivileged(/Only owners and editors/));
    await expect(asAnon(sql, (tx) => tx`select * from public.create_api_key(${ws}, 'k')`)).rejects.toThrow(
      /permission denied for function create_api_key/,
    );
  });

  test('members list name, prefix and last use but can neither read the hash or bucket nor change keys; others see none', async () => {
    const [made] = await createKey(people.owner);
    const listed = await asUser(
      sql,
      people.viewer,
      (tx) => tx`select prefix, name, last_used_at from public.api_keys where id = ${made?.id ?? ''}`,
    );
    expect(listed).toEqual([{ prefix: made?.prefix, name: 'k', last_used_at: null }]);
    await expect(asUser(sql, people.viewer, (tx) => tx`select key_hash from public.api_keys`)).rejects.toThrow(/permission denied/);
    await expect(asUser(sql, people.owner, (tx) => tx`select rate_tokens from public.api_keys`)).rejects.toThrow(/permission denied/);
    await expect(asUser(sql, people.owner, (tx) => tx`update public.api_keys set revoked_at = null`)).rejects.toThrow(/permission denied/);
    await expect(asUser(sql, people.owner, (tx) => tx`truncate public.api_keys`)).rejects.toThrow(/permission denied/);
    expect(await asUser(sql, people.outsider, (tx) => tx`select id from public.api_keys where workspace_id = ${ws}`)).toEqual([]);
  });

  test('authenticate: ok (and last used), unknown, revoked (revoking twice keeps the first time); only service code may call it', async () => {
    const [made] = await createKey(people.editor);
    const key = made?.key ?? '';
    const prefix = made?.prefix ?? '';
    expect(await authenticate(key)).toEqual({ outcome: 'ok', retry_after_seconds: null });
    expect((await sql`select last_used_at from public.api_keys where id = ${made?.id ?? ''}`)[0]?.last_used_at).not.toBeNull();
    expect((await authenticate(`tw_00000000_${'0'.repeat(64)}`))?.outcome).toBe('unknown');
    expect((await authenticate('garbage'))?.outcome).toBe('unknown');
    expect((await asServiceRole(sql, (tx) => tx`select outcome from public.authenticate_api_key(${key})`))[0]?.outcome).toBe('ok');
    for (const who of [people.owner, people.outsider])
      await expect(asUser(sql, who, (tx) => tx`select * from public.authenticate_api_key(${key})`)).rejects.toThrow(
        /permission denied for function authenticate_api_key/,
      );

    await expect(asUser(sql, people.viewer, (tx) => tx`select * from public.revoke_api_key(${prefix})`)).rejects.toMatchObject(
      refusedAsUnprivileged(/Only owners and editors of the workspace can revoke API keys/),
    );
    await expect(asUser(sql, people.outsider, (tx) => tx`select * from public.revoke_api_key(${prefix})`)).rejects.toThrow(
      /No API key starts with/,
    );
    expect((await authenticate(key))?.outcome).toBe('ok');
    const [first] = await asUser(
      sql,
      people.editor,
      (tx) => tx<{ revoked_at: string }[]>`select revoked_at from public.revoke_api_key(${prefix})`,
    );
    expect(first?.revoked_at).toBeTruthy();
    expect(await authenticate(key)).toMatchObject({ outcome: 'revoked' });
    const [second] = await sql<{ revoked_at: string }[]>`select revoked_at from public.revoke_api_key(${prefix})`;
    expect(second?.revoked_at).toBe(first?.revoked_at);
  });

  test('the rate limit is a token bucket: a burst of the limit, then refusals with the wait, then refilled by time', async () => {
    const [made] = await createKey(people.owner, ws, 3); // a token every 20 s
    const key = made?.key ?? '';
    const goBack = (seconds: number) =>
      sql`update public.api_keys set rate_checked_at = rate_checked_at - make_interval(secs => ${seconds}) where id = ${made?.id ?? ''}`;
    for (let i = 0; i < 3; i++) expect((await authenticate(key))?.outcome).toBe('ok');
    expect(await authenticate(key)).toEqual({ outcome: 'rate_limited', retry_after_seconds: 20 });
    expect(await authenticate(key)).toEqual({ outcome: 'rate_limited', retry_after_seconds: 20 }); // a refusal costs nothing
    await goBack(10); // half a token back: 10 s to wait
    expect(await authenticate(key)).toEqual({ outcome: 'rate_limited', retry_after_seconds: 10 });
    await goBack(30); // two tokens
    expect((await authenticate(key))?.outcome).toBe('ok');
    expect((await authenticate(key))?.outcome).toBe('ok');
    expect((await authenticate(key))?.outcome).toBe('rate_limited');
    await goBack(3600); // an hour idle fills the bucket only up to the limit
    for (let i = 0; i < 3; i++) expect((await authenticate(key))?.outcome).toBe('ok');
    expect((await authenticate(key))?.outcome).toBe('rate_limited');
  });
});

describe('webhooks', () => {
  const insertHook = (userId: string, url = 'https://hooks.example/a') =>
    asUser(
      sql,
      userId,
      (tx) =>
        tx<{ id: string; secret: string }[]>`insert into public.webhooks (workspace_id, url) values (${ws}, ${url}) returning id, secret`,
    );

  test('editors and owners read and change them (with the secret); viewers and other workspaces see none and change nothing', async () => {
    const [hook] = await insertHook(people.editor);
    const id = hook?.id ?? '';
    expect(hook?.secret).toMatch(/^whsec_[0-9a-f]{64}$/);
    expect(await asUser(sql, people.owner, (tx) => tx`select secret from public.webhooks where id = ${id}`)).toEqual([
      { secret: hook?.secret },
    ]);
    expect(
      await asUser(sql, people.owner, (tx) => tx`update public.webhooks set enabled = false where id = ${id} returning id`),
    ).toHaveLength(1);
    expect(await insertHook(people.owner, 'https://hooks.example/b')).toHaveLength(1);

    expect(await asUser(sql, people.viewer, (tx) => tx`select id from public.webhooks`)).toEqual([]);
    expect(await asUser(sql, people.viewer, (tx) => tx`update public.webhooks set enabled = true returning id`)).toEqual([]);
    expect(await asUser(sql, people.viewer, (tx) => tx`delete from public.webhooks returning id`)).toEqual([]);
    await expect(insertHook(people.viewer)).rejects.toThrow(/row-level security/);
    expect(await asUser(sql, people.outsider, (tx) => tx`select id from public.webhooks where workspace_id = ${ws}`)).toEqual([]);
    await expect(insertHook(people.outsider)).rejects.toThrow(/row-level security/);

    expect(await asUser(sql, people.editor, (tx) => tx`delete from public.webhooks where workspace_id = ${ws} returning id`)).toHaveLength(
      2,
    );
  });

  test('a URL that is not http(s) and events other than job endings are refused', async () => {
    for (const url of ['ftp://x.example', 'https://x.example/with space', 'javascript:alert(1)'])
      await expect(insertHook(people.editor, url)).rejects.toMatchObject({ code: '23514' });
    for (const events of ['{job.started}', '{}', '{job.succeeded,job.started}'])
      await expect(
        asUser(
          sql,
          people.editor,
          (tx) => tx`insert into public.webhooks (workspace_id, url, events) values (${ws}, 'https://x.example', ${events})`,
        ),
      ).rejects.toMatchObject({ code: '23514' });
  });

  test('no API role can empty the webhooks or the delivery log with TRUNCATE (it would skip RLS)', async () => {
    for (const table of ['webhooks', 'webhook_deliveries', 'webhook_attempts'])
      for (const who of [people.owner, people.viewer])
        await expect(asUser(sql, who, (tx) => tx`truncate ${tx(`public.${table}`)} cascade`)).rejects.toThrow(/permission denied/);
  });
});

describe('deliveries', () => {
  let generic = '';
  let disabled = '';
  beforeAll(async () => {
    await sql`update tagwright_internal.webhook_dispatch set functions_url = null, retry_delays_ms = '{100,200}'`;
    const rows = await sql<{ id: string }[]>`
      insert into public.webhooks (workspace_id, url, events, enabled) values
        (${ws}, 'https://hooks.example/all', default, true),
        (${ws}, 'https://hooks.example/failures', '{job.failed}', true),
        (${ws}, 'https://hooks.example/off', default, false)
      returning id`;
    generic = rows[0]?.id ?? '';
    disabled = rows[2]?.id ?? '';
  });

  type Delivery = {
    id: string;
    webhook_id: string;
    event: string;
    status: string;
    last_error: string | null;
    dispatched_at: string | null;
    payload: Record<string, unknown>;
  };
  const deliveriesOf = (job: string) =>
    sql<Delivery[]>`
      select id, webhook_id, event, status::text, last_error, dispatched_at, payload
      from public.webhook_deliveries where job_id = ${job} order by created_at`;
  const newJob = async () =>
    (await sql<{ id: string }[]>`insert into public.jobs (workspace_id, kind) values (${ws}, 'noop') returning id`)[0]?.id ?? '';

  test('a job succeeding records one delivery, for the webhook that wants it, with the event as payload; once', async () => {
    const id = await newJob();
    await sql`
      insert into public.job_items (workspace_id, job_id, url, status)
      select ${ws}, ${id}, 'https://shop.example/' || n, case when n < 3 then 'succeeded' else 'failed' end::public.item_status
      from generate_series(1, 3) n`;
    await sql`update public.jobs set status = 'running', locked_by = 'w', lease_until = now() + interval '1 minute' where id = ${id}`;
    expect(await deliveriesOf(id)).toEqual([]);
    await sql`update public.jobs set status = 'succeeded', finished_at = now(), summary = '{"labels": 2}' where id = ${id}`;
    await sql`update public.jobs set status = 'succeeded', progress = 100 where id = ${id}`; // no change of status
    const deliveries = await deliveriesOf(id);
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({
      webhook_id: generic,
      event: 'job.succeeded',
      status: 'pending',
      dispatched_at: null,
      payload: {
        event: 'job.succeeded',
        workspace: { id: ws, name: 'Keys' },
        job: { id, status: 'succeeded', summary: { labels: 2 }, items: { succeeded: 2, failed: 1 } },
      },
    });
    const [when] = await sql<{ same: boolean }[]>`
      select (d.payload->>'occurred_at')::timestamptz = j.finished_at as same
      from public.webhook_deliveries d join public.jobs j on j.id = d.job_id where d.job_id = ${id}`;
    expect(when?.same).toBe(true);
    expect(deliveries[0]?.last_error).toMatch(/worker.*set_functions_url/);
    expect(await sql`select id from public.webhook_deliveries where webhook_id = ${disabled}`).toEqual([]);
  });

  test('a job canceled as it is inserted fires job.canceled; a failure reaches the failures-only webhook too', async () => {
    const [canceled] = await sql<{ id: string }[]>`
      insert into public.jobs (workspace_id, kind, cancel_requested) values (${ws}, 'noop', true) returning id`;
    expect((await deliveriesOf(canceled?.id ?? '')).map((d) => [d.webhook_id, d.event])).toEqual([[generic, 'job.canceled']]);
    const failed = await newJob();
    await sql`update public.jobs set status = 'failed', finished_at = now(), error = 'boom' where id = ${failed}`;
    const deliveries = await deliveriesOf(failed);
    expect(deliveries.map((d) => d.event)).toEqual(['job.failed', 'job.failed']);
    expect(deliveries[0]?.payload).toMatchObject({ job: { status: 'failed', error: 'boom' } });
  });

  test('a queued job canceled by a member (only cancel_requested set) fires job.canceled', async () => {
    const id = await newJob();
    await asUser(sql, people.editor, (tx) => tx`update public.jobs set cancel_requested = true where id = ${id}`);
    expect((await sql`select status::text from public.jobs where id = ${id}`)[0]?.status).toBe('canceled');
    expect((await deliveriesOf(id)).map((d) => [d.webhook_id, d.event])).toEqual([[generic, 'job.canceled']]);
  });

  test('once a worker says where the functions are, the sweep asks the webhooks function through net.http_post', async () => {
    await sql`select public.set_functions_url('http://127.0.0.1:9/functions/v1')`;
    await sql`update public.webhook_deliveries set created_at = now()`; // just made: the trigger's own dispatch may still come
    expect((await sql<{ n: number }[]>`select public.dispatch_due_webhooks() as n`)[0]?.n).toBe(0);
    await sql`update public.webhook_deliveries set created_at = created_at - interval '1 minute'`;
    const waiting = await sql<{ id: string }[]>`select id from public.webhook_deliveries where dispatched_at is null order by created_at`;
    expect(waiting.length).toBeGreaterThanOrEqual(4);
    expect((await sql<{ n: number }[]>`select public.dispatch_due_webhooks() as n`)[0]?.n).toBe(waiting.length);

    const [settings] = await sql<{ token: string }[]>`select token from tagwright_internal.webhook_dispatch`;
    const queued = await sql<{ url: string; headers: Record<string, string>; body: string }[]>`
      select url, headers, convert_from(body, 'UTF8') as body from net.http_request_queue order by id`;
    expect(queued.map((q) => q.url)).toEqual(waiting.map(() => 'http://127.0.0.1:9/functions/v1/webhooks'));
    expect(queued.map((q) => q.headers['X-Tagwright-Dispatch'])).toEqual(waiting.map(() => settings?.token));
    const asked = queued.map((q) => (JSON.parse(q.body) as { delivery_id: string }).delivery_id);
    expect([...asked].sort()).toEqual(waiting.map((w) => w.id).sort());
    expect(JSON.parse(queued[0]?.body ?? '')).toEqual({ delivery_id: asked[0] }); // nothing else in the body
    const after = await sql<{ dispatched_at: string | null; last_error: string | null }[]>`
      select dispatched_at, last_error from public.webhook_deliveries where id in ${sql(waiting.map((w) => w.id))}`;
    expect(after.every((d) => d.dispatched_at !== null && d.last_error === null)).toBe(true); // no stale "waiting for a worker"
    expect((await sql<{ n: number }[]>`select public.dispatch_due_webhooks() as n`)[0]?.n).toBe(0); // not again within 30 s
  });

  test('a job ending once the functions URL is known is dispatched at once', async () => {
    const id = await newJob();
    await sql`update public.jobs set status = 'failed', finished_at = now(), error = 'boom' where id = ${id}`;
    const deliveries = await deliveriesOf(id);
    expect(deliveries).toHaveLength(2);
    expect(deliveries.every((d) => d.dispatched_at !== null && d.last_error === null)).toBe(true);
  });

  test('attempts: retry schedule, failure after it, success, and a redelivery that keeps the log', async () => {
    const [delivery] = await sql<{ id: string }[]>`select id from public.webhook_deliveries where webhook_id = ${generic} limit 1`;
    const id = delivery?.id ?? '';
    const [settings] = await sql<{ token: string }[]>`select token from tagwright_internal.webhook_dispatch`;
    await expect(sql`select * from public.claim_webhook_delivery(${id}, 'wrong')`).rejects.toThrow(/Wrong dispatch token/);
    const claimed = await sql`select url, retry_delays_ms from public.claim_webhook_delivery(${id}, ${settings?.token ?? ''})`;
    expect(claimed).toEqual([{ url: 'https://hooks.example/all', retry_delays_ms: [100, 200] }]);
    expect(await sql`select id from public.claim_webhook_delivery(${id}, ${settings?.token ?? ''})`).toHaveLength(0); // held
    const record = async (code: number) =>
      (
        await sql<{ status: string; attempts: number; retry_in_ms: number | null }[]>`
        select status::text, attempts, retry_in_ms from public.record_webhook_attempt(${id}, ${code}, ${code === 200 ? null : `HTTP ${code}`}, 12)`
      )[0];
    expect(await record(500)).toEqual({ status: 'retrying', attempts: 1, retry_in_ms: 100 });
    // sending it again now would let a second function send it alongside the one retrying it
    await expect(asUser(sql, people.editor, (tx) => tx`select public.redeliver_webhook(${id})`)).rejects.toMatchObject({
      code: '55006',
      message: expect.stringMatching(/being sent now/),
    });
    expect(await record(502)).toEqual({ status: 'retrying', attempts: 2, retry_in_ms: 200 });
    expect(await record(500)).toEqual({ status: 'failed', attempts: 3, retry_in_ms: null });
    expect((await sql`select last_status_code, last_error from public.webhook_deliveries where id = ${id}`)[0]).toEqual({
      last_status_code: 500,
      last_error: 'HTTP 500',
    });

    await expect(asUser(sql, people.viewer, (tx) => tx`select public.redeliver_webhook(${id})`)).rejects.toMatchObject(
      refusedAsUnprivileged(/Only owners and editors/),
    );
    await asUser(sql, people.editor, (tx) => tx`select public.redeliver_webhook(${id})`);
    expect((await sql`select status::text, attempts from public.webhook_deliveries where id = ${id}`)[0]).toEqual({
      status: 'pending',
      attempts: 3,
    });
    expect(await sql`select id from public.claim_webhook_delivery(${id}, ${settings?.token ?? ''})`).toHaveLength(1);
    expect(await record(503)).toEqual({ status: 'retrying', attempts: 4, retry_in_ms: 100 });
    expect(await record(200)).toEqual({ status: 'succeeded', attempts: 5, retry_in_ms: null });
    const [done] = await sql<{ delivered_at: string | null; last_error: string | null }[]>`
      select delivered_at, last_error from public.webhook_deliveries where id = ${id}`;
    expect(done?.delivered_at).toEqual(expect.any(String));
    expect(done?.last_error).toBeNull();
    const log = await sql<{ attempt: number; status_code: number; error: string | null }[]>`
      select attempt, status_code, error from public.webhook_attempts where delivery_id = ${id} order by attempt`;
    expect(log.map((a) => [a.attempt, a.status_code, a.error])).toEqual([
      [1, 500, 'HTTP 500'],
      [2, 502, 'HTTP 502'],
      [3, 500, 'HTTP 500'],
      [4, 503, 'HTTP 503'],
      [5, 200, null],
    ]);
  });

  test('only service code drives dispatch: members cannot move the functions URL, read the token or claim and record', async () => {
    const [delivery] = await sql<{ id: string }[]>`select id from public.webhook_deliveries limit 1`;
    const id = delivery?.id ?? '';
    const calls: ((tx: TransactionSql) => Promise<unknown>)[] = [
      (tx) => tx`select public.set_functions_url('https://attacker.example/functions/v1')`,
      (tx) => tx`select public.dispatch_due_webhooks()`,
      (tx) => tx`select * from public.claim_webhook_delivery(${id}, 'guess')`,
      (tx) => tx`select * from public.record_webhook_attempt(${id}, 200, null, 1)`,
      (tx) => tx`select token from tagwright_internal.webhook_dispatch`,
    ];
    for (const call of calls) await expect(asUser(sql, people.owner, call)).rejects.toThrow(/permission denied/);
    expect((await sql`select functions_url from tagwright_internal.webhook_dispatch`)[0]?.functions_url).toBe(
      'http://127.0.0.1:9/functions/v1',
    );
  });

  test('members read the log of their workspace only; nobody signed in writes it', async () => {
    for (const table of ['webhook_deliveries', 'webhook_attempts']) {
      expect((await asUser(sql, people.viewer, (tx) => tx`select id from ${tx(`public.${table}`)}`)).length).toBeGreaterThan(0);
      expect(await asUser(sql, people.outsider, (tx) => tx`select id from ${tx(`public.${table}`)}`)).toEqual([]);
    }
    const [delivery] = await sql<{ id: string; job_id: string }[]>`select id, job_id from public.webhook_deliveries limit 1`;
    await expect(asUser(sql, people.owner, (tx) => tx`update public.webhook_deliveries set status = 'succeeded'`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(
      asUser(
        sql,
        people.owner,
        (tx) => tx`
        insert into public.webhook_deliveries (workspace_id, webhook_id, job_id, event, occurred_at, payload)
        values (${ws}, ${generic}, ${delivery?.job_id ?? ''}, 'job.failed', now(), '{}')`,
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(
      asUser(
        sql,
        people.owner,
        (tx) => tx`
        insert into public.webhook_attempts (workspace_id, delivery_id, attempt, status_code, duration_ms)
        values (${ws}, ${delivery?.id ?? ''}, 99, 200, 1)`,
      ),
    ).rejects.toThrow(/permission denied/);
    await expect(asUser(sql, people.owner, (tx) => tx`delete from public.webhook_attempts`)).rejects.toThrow(/permission denied/);
  });
});
