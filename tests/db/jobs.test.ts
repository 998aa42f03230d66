/** The job insert contract: defaults, the tagwright_jobs wake-up notification, and the check constraints on jobs. */
import { asUser } from '@tagwright/shared/db';
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import type postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { startJobItem } from '../../worker/src/pipeline/rows/update-job-item.ts';
import { addMember, createUser, createWorkspace, type Row } from './fixtures.ts';

interface JobNotice {
  id: string;
  workspace_id: string;
  kind: string;
  priority: number;
  run_at: string;
}

let db: TestPostgres;
let workspaceId: string;
let editorId: string;
const notices: JobNotice[] = [];

/** The next notification on tagwright_jobs, or an error after `timeoutMs`. */
async function nextNotice(timeoutMs = 5_000): Promise<JobNotice> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const notice = notices.shift();
    if (notice) return notice;
    if (Date.now() > deadline) throw new Error(`no notification on tagwright_jobs within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Every notice sent since the last call: notices arrive in commit order, so all come before this marker. */
async function collectNotices(): Promise<JobNotice[]> {
  await db.sql`select pg_notify('tagwright_jobs', '{"id":"marker"}')`;
  const collected: JobNotice[] = [];
  for (let notice = await nextNotice(); notice.id !== 'marker'; notice = await nextNotice()) collected.push(notice);
  return collected;
}
const noticedIds = async () => (await collectNotices()).map((n) => n.id);

async function insertJob(row: Row | Record<string, postgres.Parameter>): Promise<string> {
  const [job] = await db.sql<{ id: string }[]>`insert into public.jobs ${db.sql({ workspace_id: workspaceId, ...row })} returning id`;
  if (!job) throw new Error('job not inserted');
  return job.id;
}

beforeAll(async () => {
  db = await testPostgres();
  const owner = await createUser(db.sql, 'owner@jobs.test');
  editorId = await createUser(db.sql, 'editor@jobs.test');
  workspaceId = await createWorkspace(db.sql, 'Jobs', owner);
  await addMember(db.sql, workspaceId, editorId, 'editor');
  await db.sql.listen('tagwright_jobs', (payload) => notices.push(JSON.parse(payload)));
});
afterAll(() => db?.stop());

describe('inserting a job', () => {
  beforeEach(async () => {
    await collectNotices();
  });

  test('a plain insert of workspace, kind and params gets every other column from defaults', async () => {
    const [job] = await db.sql`
      insert into public.jobs (workspace_id, kind, params) values (${workspaceId}, 'label_run', ${db.sql.json({ products: ['p1'] })})
      returning *, abs(extract(epoch from run_at - clock_timestamp())) < 5 as run_at_is_now`;
    expect(job).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      workspace_id: workspaceId,
      kind: 'label_run',
      params: { products: ['p1'] },
      status: 'queued',
      stage: 'queued',
      progress: 0,
      attempts: 0,
      max_attempts: 3,
      priority: 0,
      run_at_is_now: true,
      cancel_requested: false,
      locked_by: null,
      lease_until: null,
      error: null,
      summary: null,
      created_by: null,
      started_at: null,
      finished_at: null,
    });
  });

  test('it notifies tagwright_jobs with the job id as JSON', async () => {
    const id = await insertJob({ kind: 'label_run', priority: 5 });
    expect(await collectNotices()).toEqual([
      { id, workspace_id: workspaceId, kind: 'label_run', priority: 5, run_at: expect.any(String), delayed: false },
    ]);
  });

  test('a job due later says so in its notification (workers then wake when it is due, by the database clock)', async () => {
    await db.sql`insert into jobs (workspace_id, kind, run_at) values (${workspaceId}, 'noop', now() + interval '1 hour')`;
    expect(await collectNotices()).toEqual([expect.objectContaining({ kind: 'noop', delayed: true })]);
  });

  test('a job inserted by a signed-in editor notifies too and records its creator', async () => {
    const [job] = await asUser(
      db.sql,
      editorId,
      (tx) => tx`insert into public.jobs (workspace_id) values (${workspaceId}) returning id, created_by`,
    );
    expect(job?.created_by).toBe(editorId);
    expect(await noticedIds()).toEqual([job?.id]);
  });

  test('a rolled-back insert wakes no worker', async () => {
    const rollback = db.sql.begin(async (tx) => {
      await tx`insert into public.jobs (workspace_id) values (${workspaceId})`;
      throw new Error('rollback');
    });
    await expect(rollback).rejects.toThrow('rollback');
    expect(await noticedIds()).toEqual([]);
  });
});

describe('requeueing a job', () => {
  beforeEach(async () => {
    await collectNotices();
  });

  test.each([
    ['failed', { status: 'failed', finished_at: '2026-01-01T00:00:00Z', error: 'Page timed out' }],
    ['running', { status: 'running', locked_by: 'worker-1', lease_until: '2099-01-01T00:00:00Z', started_at: '2026-01-01T00:00:00Z' }],
  ] as [string, Row][])('a %s job set back to queued notifies again', async (_status, row) => {
    const id = await insertJob(row);
    expect(await noticedIds()).toEqual([]); // not claimable yet: no wake-up
    await db.sql`update public.jobs set status = 'queued', finished_at = null, locked_by = null, lease_until = null where id = ${id}`;
    expect(await noticedIds()).toEqual([id]);
  });

  test('editing a job that is already queued does not notify', async () => {
    const queued = await insertJob({});
    expect(await noticedIds()).toEqual([queued]);
    await db.sql`update public.jobs set priority = 9, status = 'queued' where id = ${queued}`;
    expect(await noticedIds()).toEqual([]);
  });
});

describe('check constraints', () => {
  test('a running job with a worker and a lease is accepted', async () => {
    await expect(insertJob({ status: 'running', locked_by: 'worker-1', lease_until: '2099-01-01T00:00:00Z' })).resolves.toBeTypeOf(
      'string',
    );
  });

  test.each([
    ['progress 101', { progress: 101 }],
    ['progress -1', { progress: -1 }],
    ['status running without locked_by and lease_until', { status: 'running' }],
    ['status running without lease_until', { status: 'running', locked_by: 'worker-1' }],
    ['kind "Bad Kind"', { kind: 'Bad Kind' }],
    ['kind "label-run"', { kind: 'label-run' }],
    ['max_attempts 0', { max_attempts: 0 }],
    ['attempts -1', { attempts: -1 }],
    ['status succeeded without finished_at', { status: 'succeeded' }],
    ['status queued with finished_at', { finished_at: '2026-01-01T00:00:00Z' }],
  ] as [string, Row][])('rejects %s with 23514', async (_case, row) => {
    await expect(insertJob(row)).rejects.toMatchObject({ code: '23514', message: expect.stringContaining('violates check constraint') });
  });

  test.each([
    ['an array', []],
    ['a string', 'products'],
    ['a number', 42],
  ] as const)('rejects params that are %s with 23514', async (_case, params) => {
    await expect(insertJob({ params: db.sql.json(params) })).rejects.toMatchObject({ code: '23514' });
  });
});

describe('items of a job that ends', () => {
  /** A job with one item per status given, by URL (product_id may be null). */
  async function jobWithItems(row: Row, statuses: string[]): Promise<string> {
    const id = await insertJob(row);
    for (const [n, status] of statuses.entries())
      await db.sql`insert into public.job_items (workspace_id, job_id, url, status)
        values (${workspaceId}, ${id}, ${`https://shop.example/${n}`}, ${status}::public.item_status)`;
    return id;
  }
  const statuses = async (id: string) =>
    (await db.sql<{ status: string }[]>`select status::text from public.job_items where job_id = ${id} order by url`).map((r) => r.status);
  const running = { status: 'running', locked_by: 'worker-1', lease_until: '2099-01-01T00:00:00Z' };

  test('a canceled or failed job leaves no item running: those go back to pending, the rest keep their outcome', async () => {
    for (const ending of ['canceled', 'failed']) {
      const id = await jobWithItems(running, ['running', 'succeeded', 'failed', 'running']);
      await db.sql`update public.jobs set status = ${ending}::public.job_status, finished_at = now(), locked_by = null, lease_until = null
        where id = ${id}`;
      expect(await statuses(id)).toEqual(['pending', 'succeeded', 'failed', 'pending']);
    }
  });

  test('an editor canceling a requeued job whose items a dead worker left running releases them too', async () => {
    const id = await jobWithItems({ status: 'queued' }, ['running', 'succeeded']);
    await asUser(db.sql, editorId, (tx) => tx`update public.jobs set cancel_requested = true where id = ${id}`);
    expect((await db.sql<{ status: string }[]>`select status::text from public.jobs where id = ${id}`)[0]?.status).toBe('canceled');
    expect(await statuses(id)).toEqual(['pending', 'succeeded']);
  });

  test('an item a worker starts while its job is being canceled is not left running under the canceled job', async () => {
    const id = await jobWithItems(running, ['pending']);
    const [item] = await db.sql<{ id: string }[]>`select id from public.job_items where job_id = ${id}`;
    let started: Promise<number | undefined> | undefined;
    await db.sql.begin(async (tx) => {
      await tx`update public.jobs set status = 'canceled', finished_at = now(), locked_by = null, lease_until = null where id = ${id}`;
      // the worker's start of the item lands while the cancel is not yet committed
      started = startJobItem(db.sql, item?.id ?? '');
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
    expect(await started).toBeUndefined();
    expect(await statuses(id)).toEqual(['pending']);
  });

  test('a job requeued after its worker died keeps its running items for the next attempt to resume', async () => {
    const id = await jobWithItems(running, ['running']);
    await db.sql`update public.jobs set status = 'queued', locked_by = null, lease_until = null where id = ${id}`;
    expect(await statuses(id)).toEqual(['running']);
  });
});
