/**
 * The settings page's server code over a real Postgres, as each user: API keys (made once, listed
 * without secrets, revoked only in one's own workspace; viewers refused with a reason), webhooks
 * (field errors named, a change touches only what it names, viewers and strangers refused), and the
 * delivery log (scoped to the workspace, attempts, send again).
 */
import { asUser } from '@tagwright/shared/db';
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createApiKey, listApiKeys, revokeApiKey } from '../../web/src/lib/server/settings/api-keys.ts';
import { deliveryAttempts, listDeliveries, redeliver } from '../../web/src/lib/server/settings/deliveries.ts';
import { answer, type SettingsError } from '../../web/src/lib/server/settings/settings-error.ts';
import { addWebhook, checkWebhook, deleteWebhook, listWebhooks, updateWebhook } from '../../web/src/lib/server/settings/webhooks.ts';
import { addMember, createUser, createWorkspace } from '../db/fixtures.ts';

let db: TestPostgres;
let owner = '';
let viewer = '';
let editor = '';
let stranger = '';
let ws = '';
let otherWs = '';

beforeAll(async () => {
  db = await testPostgres();
  owner = await createUser(db.sql, 'owner@settings.test');
  viewer = await createUser(db.sql, 'viewer@settings.test');
  editor = await createUser(db.sql, 'editor@settings.test');
  stranger = await createUser(db.sql, 'stranger@settings.test');
  ws = await createWorkspace(db.sql, 'Shop', owner);
  otherWs = await createWorkspace(db.sql, 'Elsewhere', stranger);
  await addMember(db.sql, ws, viewer, 'viewer');
  await addMember(db.sql, ws, editor, 'editor');
});
afterAll(() => db?.stop());

const as = <T>(user: string, fn: Parameters<typeof asUser<T>>[2]) => asUser<T>(db.sql, user, fn);
/** What the jobs function's key check says about a key now. */
const keyCheck = async (key: string) =>
  (await db.sql<{ outcome: string }[]>`select outcome from public.authenticate_api_key(${key})`)[0]?.outcome;
/** A job of the workspace that has just ended (inserted already canceled, as a cancel before any worker does). */
const endJob = async (workspace: string) =>
  (
    await db.sql<{ id: string }[]>`insert into jobs (workspace_id, kind, cancel_requested) values (${workspace}, 'noop', true) returning id`
  )[0]?.id ?? '';

/** What the endpoint would answer for this body of work. */
const endpoint = async (fn: () => Promise<unknown>) => {
  const response = await answer(async () => {
    await fn();
    return new Response(null, { status: 204 });
  });
  return {
    status: response.status,
    body: response.status === 204 ? null : ((await response.json()) as { message: string; field?: string }),
  };
};

describe('API keys', () => {
  test('an owner makes a key, sees it listed by prefix only; a viewer sees the list but is refused making one', async () => {
    const made = await as(owner, (tx) => createApiKey(tx, ws, { name: 'ERP', rate_limit_per_minute: 30 }));
    expect(made.key).toMatch(/^tw_[0-9a-f]{8}_[0-9a-f]{64}$/);
    const listed = await as(viewer, (tx) => listApiKeys(tx, ws));
    expect(listed).toEqual([expect.objectContaining({ name: 'ERP', prefix: made.prefix, rate_limit_per_minute: 30, revoked_at: null })]);
    expect(JSON.stringify(listed)).not.toContain(made.key.slice(12));
    const refused = await endpoint(() => as(viewer, (tx) => createApiKey(tx, ws, { name: 'mine', rate_limit_per_minute: 60 })));
    expect(refused).toEqual({ status: 403, body: { message: 'Only owners and editors of the workspace can create API keys.' } });
  });

  test('revoking works in one’s own workspace; another workspace’s key is not found', async () => {
    const made = await as(owner, (tx) => createApiKey(tx, ws, { name: 'temp', rate_limit_per_minute: 60 }));
    const theirs = await as(stranger, (tx) => createApiKey(tx, otherWs, { name: 'theirs', rate_limit_per_minute: 60 }));
    expect((await as(owner, (tx) => revokeApiKey(tx, ws, made.prefix))).revoked_at).toBeTruthy();
    expect(await endpoint(() => as(owner, (tx) => revokeApiKey(tx, ws, theirs.prefix)))).toEqual({
      status: 404,
      body: { message: `No API key ${theirs.prefix} in this workspace.` },
    });
    expect((await db.sql`select revoked_at from api_keys where prefix = ${theirs.prefix}`)[0]?.revoked_at).toBeNull();
  });
});

describe('API keys, made and revoked', () => {
  test('an editor’s key works for the jobs API until it is revoked; a viewer cannot revoke it', async () => {
    const made = await as(editor, (tx) => createApiKey(tx, ws, { name: 'Shop sync', rate_limit_per_minute: 60 }));
    expect(await keyCheck(made.key)).toBe('ok');
    expect(await endpoint(() => as(viewer, (tx) => revokeApiKey(tx, ws, made.prefix)))).toEqual({
      status: 403,
      body: { message: 'Only owners and editors of the workspace can revoke API keys.' },
    });
    expect(await keyCheck(made.key)).toBe('ok');
    await as(editor, (tx) => revokeApiKey(tx, ws, made.prefix));
    expect(await keyCheck(made.key)).toBe('revoked');
    const [listed] = (await as(viewer, (tx) => listApiKeys(tx, ws))).filter((k) => k.prefix === made.prefix);
    expect(listed?.revoked_at).toBeTruthy();
  });

  test('each workspace lists only its own keys, newest first', async () => {
    const first = await as(owner, (tx) => createApiKey(tx, ws, { name: 'first', rate_limit_per_minute: 60 }));
    const second = await as(owner, (tx) => createApiKey(tx, ws, { name: 'second', rate_limit_per_minute: 60 }));
    const ours = await as(owner, (tx) => listApiKeys(tx, ws));
    expect(ours.map((k) => k.prefix).slice(0, 2)).toEqual([second.prefix, first.prefix]);
    expect(ours.some((k) => k.name === 'theirs')).toBe(false);
    expect(await as(owner, (tx) => listApiKeys(tx, otherWs))).toEqual([]);
  });
});

describe('webhooks', () => {
  test('bad input names the field; a change keeps what it does not name', async () => {
    const bad = (body: unknown, partial = false) => {
      try {
        checkWebhook(body, partial);
      } catch (error) {
        return { field: (error as SettingsError).field, message: (error as SettingsError).message };
      }
      return null;
    };
    expect(bad({ url: 'ftp://files.example' })).toEqual({ field: 'url', message: 'the URL must start with http:// or https://' });
    expect(bad({ url: 'https://x.example', events: [] })).toEqual({ field: 'events', message: 'choose at least one event' });
    expect(bad({ url: 'https://x.example', format: 'teams' })?.field).toBe('format');
    expect(checkWebhook({ enabled: false }, true)).toEqual({ enabled: false });

    const hook = await as(owner, (tx) => addWebhook(tx, ws, checkWebhook({ url: 'https://hooks.example/a', format: 'slack' }) as never));
    expect(hook).toMatchObject({ format: 'slack', events: ['job.succeeded', 'job.failed', 'job.canceled'], enabled: true });
    const changed = await as(owner, (tx) => updateWebhook(tx, ws, hook.id, checkWebhook({ enabled: false }, true)));
    expect(changed).toMatchObject({ format: 'slack', enabled: false, url: 'https://hooks.example/a', secret: hook.secret });
  });

  test('viewers see no webhooks and cannot add one; strangers cannot change or delete them', async () => {
    expect(await as(viewer, (tx) => listWebhooks(tx, ws))).toEqual([]);
    const refused = await endpoint(() => as(viewer, (tx) => addWebhook(tx, ws, checkWebhook({ url: 'https://x.example' }) as never)));
    expect(refused).toEqual({ status: 403, body: { message: 'Only owners and editors of the workspace can change this.' } });
    const [hook] = await as(owner, (tx) => listWebhooks(tx, ws));
    expect((await endpoint(() => as(stranger, (tx) => updateWebhook(tx, ws, hook?.id ?? '', { enabled: true })))).status).toBe(404);
    expect((await endpoint(() => as(stranger, (tx) => deleteWebhook(tx, ws, hook?.id ?? '')))).status).toBe(404);
    await as(owner, (tx) => deleteWebhook(tx, ws, hook?.id ?? ''));
    expect(await as(owner, (tx) => listWebhooks(tx, ws))).toEqual([]);
  });
});

describe('which job endings are delivered', () => {
  test('a disabled webhook gets nothing; one for failures only gets no success; enabled again it gets the next ending', async () => {
    const quiet = await createWorkspace(db.sql, 'Quiet', owner);
    const hook = await as(owner, (tx) => addWebhook(tx, quiet, checkWebhook({ url: 'https://hooks.example/quiet' }) as never));
    const failuresOnly = await as(owner, (tx) =>
      addWebhook(tx, quiet, checkWebhook({ url: 'https://hooks.example/failures', events: ['job.failed'] }) as never),
    );
    await as(owner, (tx) => updateWebhook(tx, quiet, hook.id, checkWebhook({ enabled: false }, true)));
    await endJob(quiet);
    expect(await as(owner, (tx) => listDeliveries(tx, quiet))).toEqual([]);
    await as(owner, (tx) => updateWebhook(tx, quiet, hook.id, checkWebhook({ enabled: true }, true)));
    const job = await endJob(quiet);
    expect(await as(owner, (tx) => listDeliveries(tx, quiet))).toEqual([
      expect.objectContaining({ webhook_id: hook.id, job_id: job, event: 'job.canceled' }),
    ]);
    expect((await as(owner, (tx) => listDeliveries(tx, quiet))).some((d) => d.webhook_id === failuresOnly.id)).toBe(false);
  });
});

describe('delivery log', () => {
  test('deliveries of the workspace with their attempts; send again resets the status; others see none', async () => {
    const hook = await as(owner, (tx) => addWebhook(tx, ws, checkWebhook({ url: 'https://hooks.example/log' }) as never));
    const [job] = await db.sql<
      { id: string }[]
    >`insert into jobs (workspace_id, kind, cancel_requested) values (${ws}, 'noop', true) returning id`;
    const [delivery] = await as(viewer, (tx) => listDeliveries(tx, ws));
    expect(delivery).toMatchObject({ job_id: job?.id, webhook_id: hook.id, event: 'job.canceled', status: 'pending', attempts: 0 });
    await db.sql`select * from record_webhook_attempt(${delivery?.id ?? ''}, 500, 'HTTP 500', 40)`;
    await db.sql`update webhook_deliveries set status = 'failed' where id = ${delivery?.id ?? ''}`;
    expect(await as(viewer, (tx) => deliveryAttempts(tx, ws, delivery?.id ?? ''))).toEqual([
      expect.objectContaining({ attempt: 1, status_code: 500, error: 'HTTP 500', duration_ms: 40 }),
    ]);
    expect((await endpoint(() => as(viewer, (tx) => redeliver(tx, ws, delivery?.id ?? '')))).status).toBe(403);
    await as(owner, (tx) => redeliver(tx, ws, delivery?.id ?? ''));
    expect((await as(owner, (tx) => listDeliveries(tx, ws)))[0]).toMatchObject({ status: 'pending', attempts: 1 });
    expect(await as(stranger, (tx) => listDeliveries(tx, ws))).toEqual([]);
    expect((await endpoint(() => as(stranger, (tx) => deliveryAttempts(tx, ws, delivery?.id ?? '')))).status).toBe(404);
  });

  test('newest delivery first; after send again the next attempt is numbered on and the first stays in the log', async () => {
    const older = (await as(owner, (tx) => listDeliveries(tx, ws)))[0];
    const job = await endJob(ws);
    const deliveries = await as(owner, (tx) => listDeliveries(tx, ws));
    expect(deliveries.map((d) => d.job_id).slice(0, 2)).toEqual([job, older?.job_id]);
    const id = older?.id ?? '';
    await db.sql`select * from record_webhook_attempt(${id}, 200, null, 25)`;
    expect((await as(viewer, (tx) => deliveryAttempts(tx, ws, id))).map((a) => [a.attempt, a.status_code])).toEqual([
      [1, 500],
      [2, 200],
    ]);
    expect((await as(viewer, (tx) => listDeliveries(tx, ws))).find((d) => d.id === id)).toMatchObject({
      status: 'succeeded',
      attempts: 2,
      last_status_code: 200,
      last_error: null,
    });
  });
});
