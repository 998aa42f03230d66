/**
 * Webhooks end to end on the local stack: an API key starts a label_run over HTTP, a real worker
 * checks the fixture shop's pages, the job's end fires the database trigger, net.http_post asks the
 * webhooks function, and local receivers get exactly one signed message per webhook (generic,
 * Slack, Discord). A receiver that fails twice gets one successful delivery after two logged
 * retries; one that always fails ends failed and can be sent again; one at an internal address is
 * never called; one deleted while being sent is logged as removed, not as an error to retry; jobs
 * that fail or are canceled fire too; the webhooks function refuses callers
 * without the dispatch token.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestStack, type TestStack } from '@tagwright/stack/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { labelRunHandler } from '../../worker/src/kinds/label-run.ts';
import { noopHandler } from '../../worker/src/kinds/noop.ts';
import { type ProcessResources, processResources } from '../../worker/src/pipeline/process-resources.ts';
import { testWorkers } from '../../worker/src/testing.ts';
import { createUser, createWorkspace } from '../db/fixtures.ts';
import { teardown } from '../fixtures/teardown.ts';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const pages: Record<string, string> = {
  '/oat-milk': `<title>Organic Oat Milk 1L</title><h1>Organic Oat Milk 1L</h1>
    <p class="price" style="font-size:30px">2,49 €</p><p>SKU OAT-1L</p>`,
  '/board': `<title>Bamboo Cutting Board</title><h1>Bamboo Cutting Board</h1>
    <p class="price" style="font-size:30px">€ 31,90</p><p>SKU BB-42</p>`,
};

let t: TestStack;
let resources: ProcessResources;
let shopServer: http.Server;
let receiver: http.Server;
let receiverUrl = '';
const received: Received[] = [];
/** Answers per receiver path, used up in order; then 200. */
const scripted: Record<string, number[]> = {};
/** Receiver paths whose answer waits until the promise settles. */
const held: Record<string, Promise<void>> = {};
/** What the stack's edge functions logged. */
const functionLogs: string[] = [];
let ws = '';
let key = '';
const workers = () => testWorkers(t.db.url);
let running: ReturnType<typeof workers>;

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function addWebhook(
  path: string,
  format: 'generic' | 'slack' | 'discord',
  events?: string[],
): Promise<{ id: string; secret: string }> {
  const [row] = await t.db.sql<{ id: string; secret: string }[]>`
    insert into public.webhooks (workspace_id, url, format ${events ? t.db.sql`, events` : t.db.sql``})
    values (${ws}, ${`${receiverUrl}${path}`}, ${format} ${events ? t.db.sql`, ${events}::text[]` : t.db.sql``})
    returning id, secret`;
  if (!row) throw new Error('no webhook');
  return row;
}

const to = (path: string) => received.filter((r) => r.path === path);

function validSignature(secret: string, request: Received): boolean {
  const header = String(request.headers['tagwright-signature'] ?? '');
  const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
  if (!match) return false;
  const age = Math.abs(Date.now() / 1000 - Number(match[1]));
  return age < 300 && createHmac('sha256', secret).update(`${match[1]}.${request.body}`).digest('hex') === match[2];
}

async function deliveries(webhookId: string) {
  return t.db.sql<
    { id: string; status: string; attempts: number; event: string; last_status_code: number | null; last_error: string | null }[]
  >`
    select id, status::text, attempts, event, last_status_code, last_error from public.webhook_deliveries where webhook_id = ${webhookId}`;
}

beforeAll(async () => {
  // the receivers here listen on 127.0.0.1, which the functions' SSRF guard refuses unless allowlisted
  process.env.WEBHOOK_ALLOW_HOSTS = '127.0.0.1';
  t = await startTestStack({ onLog: (line) => functionLogs.push(line) });
  shopServer = http.createServer((req, res) => {
    const body = pages[req.url ?? ''];
    res.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(body ?? '<h1>Not found</h1>');
  });
  const shop = await listen(shopServer);
  receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', async () => {
      const path = req.url ?? '';
      received.push({ path, headers: req.headers, body });
      await held[path];
      const status = scripted[path]?.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status === 200 ? 'ok' : 'receiver is down');
    });
  });
  receiverUrl = await listen(receiver);
  resources = processResources({
    ...process.env,
    SUPABASE_URL: t.url,
    SUPABASE_SERVICE_ROLE_KEY: t.serviceRoleKey,
    CRAWL_ALLOW_HOSTS: new URL(shop).host,
    PIPELINE_CONCURRENCY: '2',
  });
  const owner = await createUser(t.db.sql, 'owner@hooks.test');
  ws = await createWorkspace(t.db.sql, 'Corner Shop', owner);
  await t.db.sql`
    insert into public.templates (workspace_id, name, width_mm, height_mm) values (${ws}, 'Shelf tag', 60, 40)`;
  await t.db.sql`
    insert into public.products (workspace_id, sku, name, price, currency, url) values
      (${ws}, 'OAT-1L', 'Organic Oat Milk 1L', 2.49, 'EUR', ${`${shop}/oat-milk`}),
      (${ws}, 'BB-42', 'Bamboo Cutting Board', 29.90, 'EUR', ${`${shop}/board`})`;
  // quick retries, so the test waits tenths of seconds instead of minutes
  await t.db.sql`update tagwright_internal.webhook_dispatch set retry_delays_ms = '{100,200,300}', site_url = 'http://dash.test'`;
  const [row] = await t.db.sql<{ key: string }[]>`select key from public.create_api_key(${ws}, 'ERP')`;
  key = row?.key ?? '';
  running = workers();
  await running.start({
    handlers: [labelRunHandler(() => resources.get()) as never, noopHandler as never],
    concurrency: 2,
    functionsUrl: `${t.url}/functions/v1`,
    reapIntervalMs: 500,
  });
}, 120_000);
afterAll(() =>
  teardown([
    ['workers', () => running?.stopAll()],
    ['browser and OCR', () => resources?.close()],
    ['shop', () => new Promise((resolve) => shopServer?.close(resolve))],
    ['receiver', () => new Promise((resolve) => receiver?.close(resolve))],
    ['stack', () => t?.stop()],
  ]),
);

describe('a job started over HTTP ends and every webhook hears of it once', () => {
  test('API key → POST /jobs → the job checks the shop → one signed generic, Slack and Discord message each', async () => {
    const generic = await addWebhook('/generic', 'generic');
    const slack = await addWebhook('/slack', 'slack');
    const discord = await addWebhook('/discord', 'discord');
    const failedOnly = await addWebhook('/failed-only', 'generic', ['job.failed']);

    const response = await fetch(`${t.url}/functions/v1/jobs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'Shelf tag', products: ['OAT-1L', 'BB-42'], options: { outputs: ['png'] } }),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };

    await expect
      .poll(
        async () =>
          ((await (await fetch(`${t.url}/functions/v1/jobs/${id}`, { headers: { 'x-api-key': key } })).json()) as { status: string })
            .status,
        {
          timeout: 120_000,
          interval: 500,
        },
      )
      .toBe('succeeded');
    await expect.poll(() => to('/generic').length + to('/slack').length + to('/discord').length, { timeout: 20_000 }).toBe(3);

    const [message] = to('/generic');
    if (!message) throw new Error('no generic message');
    expect(validSignature(generic.secret, message)).toBe(true);
    expect(validSignature('whsec_someone_else', message)).toBe(false);
    expect(message.headers['content-type']).toBe('application/json');
    expect(message.headers['tagwright-event']).toBe('job.succeeded');
    const event = JSON.parse(message.body) as { job: { summary: { labels: { printed: number } } } };
    expect(event).toMatchObject({
      id: message.headers['tagwright-delivery'],
      event: 'job.succeeded',
      workspace: { id: ws, name: 'Corner Shop' },
      job: { id, kind: 'label_run', status: 'succeeded', error: null, items: { succeeded: 2 }, url: `http://dash.test/jobs/${id}` },
    });
    expect(event.job.summary.labels.printed).toBe(2);

    const [slackMessage] = to('/slack');
    expect(validSignature(slack.secret, slackMessage as Received)).toBe(true);
    const slackBody = JSON.parse(slackMessage?.body ?? '{}') as { text: string; blocks: unknown[] };
    expect(slackBody.text).toContain('Job succeeded in Corner Shop');
    expect(slackBody.text).toContain(`<http://dash.test/jobs/${id}|${id}>`);
    expect(slackBody.text).toContain('2 products: 2 succeeded');
    const discordBody = JSON.parse(to('/discord')[0]?.body ?? '{}') as { embeds: { title: string; url: string; color: number }[] };
    expect(discordBody.embeds[0]).toMatchObject({
      title: expect.stringContaining('Job succeeded in Corner Shop'),
      url: `http://dash.test/jobs/${id}`,
    });

    // nothing more arrives: not from the sweep, not for the webhook that only wants failures
    expect(await t.db.sql`select public.dispatch_due_webhooks() as n`).toEqual([{ n: 0 }]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(to('/generic')).toHaveLength(1);
    expect(to('/failed-only')).toHaveLength(0);
    for (const webhook of [generic, slack, discord])
      expect(await deliveries(webhook.id)).toEqual([expect.objectContaining({ status: 'succeeded', attempts: 1, event: 'job.succeeded' })]);
    expect(await deliveries(failedOnly.id)).toEqual([]);
    await t.db.sql`update public.webhooks set enabled = false where workspace_id = ${ws}`;
  });
});

describe('retries', () => {
  test('an endpoint that fails twice then answers gets one successful delivery, after two logged retries', async () => {
    const flaky = await addWebhook('/flaky', 'generic');
    scripted['/flaky'] = [500, 503];
    const [job] = await t.db.sql<{ id: string }[]>`insert into public.jobs (workspace_id, kind) values (${ws}, 'noop') returning id`;
    await expect.poll(async () => (await deliveries(flaky.id))[0]?.status, { timeout: 30_000 }).toBe('succeeded');
    const [delivery] = await deliveries(flaky.id);
    expect(delivery).toMatchObject({ attempts: 3, last_status_code: 200, last_error: null, event: 'job.succeeded' });
    const attempts = await t.db.sql<{ attempt: number; status_code: number; error: string | null }[]>`
      select attempt, status_code, error from public.webhook_attempts where delivery_id = ${delivery?.id ?? ''} order by attempt`;
    expect(attempts).toEqual([
      { attempt: 1, status_code: 500, error: 'HTTP 500: receiver is down' },
      { attempt: 2, status_code: 503, error: 'HTTP 503: receiver is down' },
      { attempt: 3, status_code: 200, error: null },
    ]);
    const requests = to('/flaky');
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers['tagwright-delivery']))).toEqual(new Set([delivery?.id]));
    expect(requests.every((r) => validSignature(flaky.secret, r))).toBe(true);
    expect(JSON.parse(requests[2]?.body ?? '{}').job.id).toBe(job?.id);
    await t.db.sql`update public.webhooks set enabled = false where id = ${flaky.id}`;
  });

  test('an endpoint that keeps failing ends failed with the reason; sending it again delivers once it is back', async () => {
    const down = await addWebhook('/down', 'generic');
    scripted['/down'] = [500, 500, 500, 500];
    await t.db.sql`insert into public.jobs (workspace_id, kind) values (${ws}, 'noop')`;
    await expect.poll(async () => (await deliveries(down.id))[0]?.status, { timeout: 30_000 }).toBe('failed');
    const [failed] = await deliveries(down.id);
    expect(failed).toMatchObject({ attempts: 4, last_status_code: 500, last_error: 'HTTP 500: receiver is down' });
    await t.db.sql`select public.redeliver_webhook(${failed?.id ?? ''})`;
    await expect.poll(async () => (await deliveries(down.id))[0]?.status, { timeout: 30_000 }).toBe('succeeded');
    expect((await deliveries(down.id))[0]?.attempts).toBe(5);
    expect(to('/down')).toHaveLength(5);
    await t.db.sql`update public.webhooks set enabled = false where id = ${down.id}`;
  });

  test('a webhook at an internal address that is not allowlisted is never called: it fails saying why', async () => {
    // the same receiver, by a name that resolves to loopback: only 127.0.0.1 is allowlisted
    const internal = `${receiverUrl.replace('127.0.0.1', 'localhost')}/internal`;
    const [hook] = await t.db.sql<{ id: string }[]>`
      insert into public.webhooks (workspace_id, url) values (${ws}, ${internal}) returning id`;
    await t.db.sql`insert into public.jobs (workspace_id, kind) values (${ws}, 'noop')`;
    await expect.poll(async () => (await deliveries(hook?.id ?? ''))[0]?.status, { timeout: 30_000 }).toBe('failed');
    const [failed] = await deliveries(hook?.id ?? '');
    expect(failed?.last_status_code).toBeNull();
    expect(failed?.last_error).toMatch(
      /^not sent: localhost resolves to (127\.0\.0\.1|::1), a loopback address; add the host to WEBHOOK_ALLOW_HOSTS/,
    );
    expect(to('/internal')).toHaveLength(0);
    await t.db.sql`update public.webhooks set enabled = false where id = ${hook?.id ?? ''}`;
  });

  test('a webhook deleted while its delivery is being sent: the function says so, with nothing to retry', async () => {
    const gone = await addWebhook('/gone', 'generic');
    let answer = () => {};
    held['/gone'] = new Promise((resolve) => {
      answer = resolve;
    });
    await t.db.sql`insert into public.jobs (workspace_id, kind) values (${ws}, 'noop')`;
    await expect.poll(() => to('/gone').length, { timeout: 30_000 }).toBe(1);
    const deliveryId = String(to('/gone')[0]?.headers['tagwright-delivery']);
    await t.db.sql`delete from public.webhooks where id = ${gone.id}`;
    answer();
    const about = () => functionLogs.filter((line) => line.includes(deliveryId));
    await expect.poll(() => about().length, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(about()).toEqual([expect.stringMatching(/"level":"info".*"status":"removed".*deleted while being sent/)]);
    expect(await t.db.sql`select 1 from public.webhook_attempts where delivery_id = ${deliveryId}`).toHaveLength(0);
  });
});

describe('every way a job ends fires', () => {
  test('a job that fails sends job.failed with its error; one canceled before it ran sends job.canceled', async () => {
    const hook = await addWebhook('/ends', 'generic');
    await t.db.sql`
      insert into public.jobs (workspace_id, kind, params, max_attempts) values (${ws}, 'noop', '{"fail": "permanent"}', 1)`;
    const [canceled] = await t.db.sql<{ id: string }[]>`
      insert into public.jobs (workspace_id, kind, cancel_requested, run_at) values (${ws}, 'noop', true, now() + interval '1 hour') returning id`;
    await expect.poll(() => to('/ends').length, { timeout: 30_000 }).toBe(2);
    const events = to('/ends').map((r) => JSON.parse(r.body) as { event: string; job: { id: string; error: string | null } });
    const failed = events.find((e) => e.event === 'job.failed');
    expect(failed?.job.error).toBeTruthy();
    expect(events.find((e) => e.event === 'job.canceled')?.job.id).toBe(canceled?.id);
    expect(to('/ends').every((request) => validSignature(hook.secret, request))).toBe(true);
    expect((await deliveries(hook.id)).map((d) => d.event).sort()).toEqual(['job.canceled', 'job.failed']);
  });
});

describe('the webhooks function', () => {
  test('refuses calls without the dispatch token, or with a wrong one, and names a missing delivery id', async () => {
    const post = (headers: Record<string, string>, body: unknown) =>
      fetch(`${t.url}/functions/v1/webhooks`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const someId = '00000000-0000-4000-8000-000000000000';
    expect((await post({}, { delivery_id: someId })).status).toBe(401);
    expect((await post({ 'x-tagwright-dispatch': 'guess' }, { delivery_id: someId })).status).toBe(401);
    const [settings] = await t.db.sql<{ token: string }[]>`select token from tagwright_internal.webhook_dispatch`;
    const missing = await post({ 'x-tagwright-dispatch': settings?.token ?? '' }, { nothing: true });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: { issues: { path: string }[] } }).error.issues[0]?.path).toBe('delivery_id');
    const unknown = await post({ 'x-tagwright-dispatch': settings?.token ?? '' }, { record: { id: someId } });
    expect(await unknown.json()).toMatchObject({ status: 'skipped' });
  });
});
