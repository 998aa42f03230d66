/**
 * The jobs function over HTTP on the local stack, as another system would call it with curl: API
 * keys (good, unknown, revoked, rate-limited), user access tokens (editor, viewer, several
 * workspaces, rate-limited, the anon key), request checks that name the field, SKUs and inline rows, templates by
 * name or id, Idempotency-Key (retries and bursts start one job), and GET of one job or the newest
 * ones, each scoped to the caller's workspace.
 */
import { startTestStack, type TestStack } from '@tagwright/stack/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { addMember, createUser, createWorkspace } from '../db/fixtures.ts';

let t: TestStack;
let shop = '';
let other = '';
let templateId = '';
let editor = '';
let viewer = '';
let key = '';

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & { error?: { code: string; message: string; issues?: { path: string; message: string }[] } };
}

async function call(
  method: string,
  path: string,
  options: { credential?: string; body?: unknown; header?: string; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.credential) headers[options.header ?? 'authorization'] = options.header ? options.credential : `Bearer ${options.credential}`;
  const response = await fetch(`${t.url}/functions/v1${path}`, {
    method,
    headers,
    ...(options.body === undefined ? {} : { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Answer['body'] };
}

async function newKey(workspace: string, rateLimit = 60): Promise<{ key: string; prefix: string }> {
  const [row] = await t.db.sql<
    { key: string; prefix: string }[]
  >`select key, prefix from public.create_api_key(${workspace}, 'tests', ${rateLimit})`;
  if (!row) throw new Error('no key');
  return row;
}

beforeAll(async () => {
  t = await startTestStack();
  const sql = t.db.sql;
  editor = await createUser(sql, 'editor@api.test');
  viewer = await createUser(sql, 'viewer@api.test');
  shop = await createWorkspace(sql, 'Corner Shop', editor);
  other = await createWorkspace(sql, 'Other Shop', await createUser(sql, 'owner@other.test'));
  await addMember(sql, shop, viewer, 'viewer');
  const [template] = await sql<{ id: string }[]>`
    insert into public.templates (workspace_id, name, width_mm, height_mm) values (${shop}, 'Shelf tag', 60, 40) returning id`;
  templateId = template?.id ?? '';
  await sql`
    insert into public.products (workspace_id, sku, name, price, currency, url) values
      (${shop}, 'OAT-1L', 'Oat milk 1 l', 2.49, 'EUR', 'http://127.0.0.1:9/oat'),
      (${shop}, 'BB-42', 'Bamboo board', 29.9, 'EUR', 'http://127.0.0.1:9/board'),
      (${other}, 'SECRET-1', 'Not yours', 1, 'EUR', 'http://127.0.0.1:9/x')`;
  key = (await newKey(shop)).key;
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

describe('POST /jobs with an API key', () => {
  test('starts a label_run for SKUs and a template by name: 201, Location, a queued job with the params', async () => {
    const answer = await call('POST', '/jobs', { credential: key, body: { template: 'Shelf tag', products: ['OAT-1L', 'BB-42'] } });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({ status: 'queued', workspace_id: shop, template_id: templateId, products: 2 });
    const id = String(answer.body.id);
    expect(answer.headers.get('location')).toBe(`${t.url}/functions/v1/jobs/${id}`);
    const [job] = await t.db.sql<{ kind: string; params: Record<string, unknown>; workspace_id: string }[]>`
      select kind, params, workspace_id from public.jobs where id = ${id}`;
    expect(job).toMatchObject({
      kind: 'label_run',
      workspace_id: shop,
      params: { skus: ['OAT-1L', 'BB-42'], template_id: templateId, policy: 'mark_unverified', outputs: ['png', 'pdf'] },
    });
    const [event] = await t.db.sql<{ payload: Record<string, unknown> }[]>`
      select payload from public.job_events where job_id = ${id} and type = 'job:created'`;
    expect(event?.payload).toEqual({ via: 'api', api_key: key.slice(0, 11) });
  });

  test('takes the key in X-Api-Key too, the template by id, options, and upserts products sent as rows', async () => {
    const answer = await call('POST', '/jobs', {
      credential: key,
      header: 'x-api-key',
      body: {
        template: templateId,
        products: ['OAT-1L', { sku: 'NEW-7', name: 'New lamp', price: '12.90', currency: 'EUR', url: 'http://127.0.0.1:9/lamp' }],
        options: { policy: 'verified', outputs: ['zpl'], zpl_dpi: 300 },
        priority: 5,
      },
    });
    expect(answer.status).toBe(201);
    const [product] = await t.db.sql`select name, price::text, url from public.products where workspace_id = ${shop} and sku = 'NEW-7'`;
    expect(product).toEqual({ name: 'New lamp', price: '12.9000', url: 'http://127.0.0.1:9/lamp' });
    const [job] = await t.db.sql<{ params: Record<string, unknown>; priority: number }[]>`
      select params, priority from public.jobs where id = ${String(answer.body.id)}`;
    expect(job).toMatchObject({ priority: 5, params: { skus: ['OAT-1L', 'NEW-7'], policy: 'verified', outputs: ['zpl'], zpl_dpi: 300 } });
  });

  test('a bad payload is a 400 that names every bad field, and starts nothing', async () => {
    const before = await t.db.sql`select count(*)::int as n from public.jobs`;
    const answer = await call('POST', '/jobs', {
      credential: key,
      body: { products: ['OAT-1L', { sku: 'X-1', price: 'twelve' }], options: { policy: 'sometimes', colour: 'red' } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.code).toBe('invalid_request');
    const paths = answer.body.error?.issues?.map((issue) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['template', 'products[1].price', 'options.policy', 'options']));
    expect(answer.body.error?.message).toContain('products[1].price: price must be a number');
    expect(answer.body.error?.message).toContain('template: required');
    expect(await t.db.sql`select count(*)::int as n from public.jobs`).toEqual(before);
  });

  test('SKUs the workspace lacks are named by position (another workspace’s SKU counts as missing)', async () => {
    const answer = await call('POST', '/jobs', {
      credential: key,
      body: { template: 'Shelf tag', products: ['OAT-1L', 'NOPE-9', 'SECRET-1'] },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.issues).toEqual([
      { path: 'products[1]', message: expect.stringContaining('no product with SKU "NOPE-9" in workspace "Corner Shop"') },
      { path: 'products[2]', message: expect.stringContaining('"SECRET-1"') },
    ]);
  });

  test('an unknown template names the field and the templates there are', async () => {
    const answer = await call('POST', '/jobs', { credential: key, body: { template: 'Nope', products: ['OAT-1L'] } });
    expect(answer.status).toBe(400);
    expect(answer.body.error?.issues?.[0]).toEqual({ path: 'template', message: expect.stringContaining('templates there: "Shelf tag"') });
  });

  test('a body that is not JSON, or not sent as JSON, is refused with what to do', async () => {
    expect((await call('POST', '/jobs', { credential: key, body: '{"template": ' })).body.error?.message).toContain('not valid JSON');
    const plain = await fetch(`${t.url}/functions/v1/jobs`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: 'x' });
    expect(plain.status).toBe(415);
  });
});

describe('Idempotency-Key', () => {
  const post = (idempotencyKey: string, body: unknown, credential = key) =>
    call('POST', '/jobs', { credential, body, headers: { 'idempotency-key': idempotencyKey } });
  const jobsWithKey = async (k: string) =>
    (await t.db.sql<{ id: string }[]>`select id from public.jobs where idempotency_key = ${k}`).map((r) => r.id);

  test('a retried POST with the same key gets the same job (200, Idempotent-Replayed), not a second one', async () => {
    const body = { template: 'Shelf tag', products: ['OAT-1L'], options: { outputs: ['png'] } };
    const first = await post('order-1001', body);
    expect(first.status).toBe(201);
    const again = await post('order-1001', body);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toMatchObject({ id: first.body.id, workspace_id: shop, template_id: templateId, products: 1 });
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await jobsWithKey('order-1001')).toEqual([first.body.id]);
  });

  test('the same key with another request is a 422 naming the job it started; a new key starts a new job', async () => {
    const first = await post('order-1002', { template: 'Shelf tag', products: ['OAT-1L'] });
    expect(first.status).toBe(201);
    const other = await post('order-1002', { template: 'Shelf tag', products: ['BB-42'] });
    expect(other.status).toBe(422);
    expect(other.body.error?.code).toBe('idempotency_key_reused');
    expect(other.body.error?.message).toContain(`already started job ${first.body.id}`);
    expect(await jobsWithKey('order-1002')).toEqual([first.body.id]);
    expect((await post('order-1003', { template: 'Shelf tag', products: ['BB-42'] })).status).toBe(201);
  });

  test('five requests with one key at the same time start one job, and all five answer with it', async () => {
    const body = { template: 'Shelf tag', products: ['OAT-1L', 'BB-42'] };
    const answers = await Promise.all(Array.from({ length: 5 }, () => post('burst-77', body)));
    const ids = new Set(answers.map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(await jobsWithKey('burst-77')).toEqual([...ids]);
  });

  test('an editor with a user token gets the same: one job for a repeated key, under RLS', async () => {
    const credential = await t.userToken(editor);
    const body = { template: 'Shelf tag', products: ['BB-42'] };
    const answers = await Promise.all([post('user-retry-1', body, credential), post('user-retry-1', body, credential)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    expect(answers[0]?.body.id).toBe(answers[1]?.body.id);
    expect(await jobsWithKey('user-retry-1')).toEqual([answers[0]?.body.id]);
  });

  test('keys are per workspace; a key with spaces or over 255 characters is a 400 on Idempotency-Key', async () => {
    const otherTemplate = await t.db.sql`
      insert into public.templates (workspace_id, name, width_mm, height_mm) values (${other}, 'Other tag', 50, 30) returning id`;
    expect(otherTemplate).toHaveLength(1);
    await post('shared-key', { template: 'Shelf tag', products: ['OAT-1L'] });
    const elsewhere = await post('shared-key', { template: 'Other tag', products: ['SECRET-1'] }, (await newKey(other)).key);
    expect(elsewhere.status).toBe(201);
    for (const bad of ['has space', 'x'.repeat(256)]) {
      const answer = await post(bad, { template: 'Shelf tag', products: ['OAT-1L'] });
      expect(answer.status).toBe(400);
      expect(answer.body.error?.issues?.[0]?.path).toBe('Idempotency-Key');
    }
  });
});

describe('API key checks', () => {
  test('no credential, a malformed key and an unknown key are 401s that say how to get a key', async () => {
    for (const credential of [undefined, 'tw_nothex', `tw_00000000_${'0'.repeat(64)}`]) {
      const answer = await call('POST', '/jobs', {
        ...(credential ? { credential } : {}),
        body: { template: 'Shelf tag', products: ['OAT-1L'] },
      });
      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toBe('Bearer');
      expect(answer.body.error?.message).toMatch(/tagwright apikey create|copy it again/);
    }
  });

  test('a revoked key gets 401 at once, naming its prefix', async () => {
    const revoked = await newKey(shop);
    expect((await call('GET', '/jobs', { credential: revoked.key })).status).toBe(200);
    await t.db.sql`select * from public.revoke_api_key(${revoked.prefix})`;
    const answer = await call('GET', '/jobs', { credential: revoked.key });
    expect(answer.status).toBe(401);
    expect(answer.body.error?.message).toContain(`${revoked.prefix} was revoked`);
  });

  test('over the rate limit: 429 with Retry-After, and the key works again once it has passed', async () => {
    const limited = await newKey(shop, 3);
    for (let i = 0; i < 3; i++) expect((await call('GET', '/jobs', { credential: limited.key })).status).toBe(200);
    const refused = await call('GET', '/jobs', { credential: limited.key });
    expect(refused.status).toBe(429);
    const wait = Number(refused.headers.get('retry-after'));
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(20);
    expect(refused.body.error?.message).toContain(`try again in ${wait} s`);
    // as if the wait had passed
    await t.db
      .sql`update public.api_keys set rate_checked_at = rate_checked_at - make_interval(secs => ${wait}) where prefix = ${limited.prefix}`;
    expect((await call('GET', '/jobs', { credential: limited.key })).status).toBe(200);
  });
});

describe('user access tokens', () => {
  test('an editor starts a job with their token; the job is theirs', async () => {
    const answer = await call('POST', '/jobs', {
      credential: await t.userToken(editor),
      body: { template: 'Shelf tag', products: ['BB-42'] },
    });
    expect(answer.status).toBe(201);
    const [job] = await t.db.sql`select created_by from public.jobs where id = ${String(answer.body.id)}`;
    expect(job?.created_by).toBe(editor);
  });

  test('a viewer gets 403 saying they need to be an editor', async () => {
    const answer = await call('POST', '/jobs', {
      credential: await t.userToken(viewer),
      body: { template: 'Shelf tag', products: ['BB-42'] },
    });
    expect(answer.status).toBe(403);
    expect(answer.body.error?.message).toContain('Viewers cannot start jobs');
  });

  test('someone in two workspaces must name one; naming it by name works', async () => {
    const both = await createUser(t.db.sql, 'both@api.test');
    await addMember(t.db.sql, shop, both, 'editor');
    await addMember(t.db.sql, other, both, 'editor');
    const token = await t.userToken(both);
    const unnamed = await call('POST', '/jobs', { credential: token, body: { template: 'Shelf tag', products: ['BB-42'] } });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error?.issues?.[0]?.path).toBe('workspace');
    expect(unnamed.body.error?.message).toContain('"Corner Shop"');
    const named = await call('POST', '/jobs', {
      credential: token,
      body: { workspace: 'Corner Shop', template: 'Shelf tag', products: ['BB-42'] },
    });
    expect(named.status).toBe(201);
  });

  test('a user over their request budget gets 429 with Retry-After, and may go on once the wait has passed', async () => {
    const busy = await createUser(t.db.sql, 'busy@api.test');
    await addMember(t.db.sql, shop, busy, 'editor');
    const token = await t.userToken(busy);
    expect((await call('GET', '/jobs', { credential: token })).status).toBe(200);
    // as if they had just made their 120 requests of the minute
    await t.db.sql`update tagwright_internal.user_request_budget set tokens = 0, checked_at = now() where user_id = ${busy}`;
    const refused = await call('POST', '/jobs', { credential: token, body: { template: 'Shelf tag', products: ['BB-42'] } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.body.error?.code).toBe('rate_limited');
    expect(refused.body.error?.message).toBe('Too many requests from busy@api.test (120 a minute); try again in 1 s.');
    expect(await t.db.sql`select 1 from public.jobs where created_by = ${busy}`).toHaveLength(0);
    // the budget is the user's: an API key of the same workspace goes on
    expect((await call('GET', '/jobs', { credential: key })).status).toBe(200);
    await t.db.sql`update tagwright_internal.user_request_budget set checked_at = checked_at - interval '1 second' where user_id = ${busy}`;
    expect((await call('GET', '/jobs', { credential: token })).status).toBe(200);
  });

  test('the anon key, an expired token and a token signed with another secret are 401', async () => {
    const expired = await t.userToken(editor, { expiresInS: -60 });
    const forged = `${(await t.userToken(editor)).slice(0, -4)}AAAA`;
    for (const credential of [t.anonKey, expired, forged]) {
      const answer = await call('GET', '/jobs', { credential });
      expect(answer.status).toBe(401);
      expect(answer.body.error?.message).toContain('access token is not valid');
    }
  });
});

describe('GET /jobs', () => {
  test('one job: status, progress, item counts; another workspace’s job is a 404; a non-id is a 400 on id', async () => {
    const created = await call('POST', '/jobs', { credential: key, body: { template: 'Shelf tag', products: ['OAT-1L'] } });
    const id = String(created.body.id);
    const answer = await call('GET', `/jobs/${id}`, { credential: key });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ id, status: 'queued', stage: 'queued', progress: 0, items: {}, error: null, kind: 'label_run' });
    const [foreign] = await t.db.sql<{ id: string }[]>`insert into public.jobs (workspace_id, kind) values (${other}, 'noop') returning id`;
    const hidden = await call('GET', `/jobs/${foreign?.id}`, { credential: key });
    expect(hidden.status).toBe(404);
    expect((await call('GET', `/jobs/${foreign?.id}`, { credential: await t.userToken(editor) })).status).toBe(404);
    const bad = await call('GET', '/jobs/not-a-job', { credential: key });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.issues?.[0]?.path).toBe('id');
  });

  test('the newest jobs of the key’s workspace only, filtered by status, and bad filters named', async () => {
    const answer = await call('GET', '/jobs?status=queued&limit=50', { credential: key });
    const jobs = answer.body.jobs as { workspace_id: string; status: string }[];
    expect(jobs.length).toBeGreaterThan(0);
    expect(jobs.every((job) => job.workspace_id === shop && job.status === 'queued')).toBe(true);
    expect((await call('GET', '/jobs?status=done', { credential: key })).body.error?.issues?.[0]?.path).toBe('status');
    expect((await call('GET', '/jobs?limit=0', { credential: key })).body.error?.issues?.[0]?.path).toBe('limit');
  });

  test('other methods are 405 with Allow; CORS preflight is answered', async () => {
    const put = await fetch(`${t.url}/functions/v1/jobs`, { method: 'PUT', headers: { authorization: `Bearer ${key}` } });
    expect(put.status).toBe(405);
    expect(put.headers.get('allow')).toBe('GET, POST, OPTIONS');
    const preflight = await fetch(`${t.url}/functions/v1/jobs`, { method: 'OPTIONS', headers: { origin: 'https://erp.example' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-api-key');
  });
});
