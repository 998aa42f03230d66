/** claim_jobs: order, due time, kinds, cancel requests, concurrent claimers, what a claim writes, and who may call it. */
import { randomUUID } from 'node:crypto';
import { asAnon, asUser, connect } from '@tagwright/shared/db';
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createWorkspace, insertJob, jobEvents, jobRow } from '../testing.ts';
import { claimJobs } from './claim-jobs.ts';

let db: TestPostgres;
let ws: string;
const claimOne = async (kinds = ['noop', 'label_run']) => (await claimJobs(db.sql, 'w1', 1, kinds, 30))[0]?.id;

beforeAll(async () => {
  db = await testPostgres();
  ws = await createWorkspace(db.sql);
});
afterAll(() => db?.stop());
beforeEach(async () => {
  await db.sql`delete from public.jobs`;
});

describe('claim_jobs', () => {
  test('claims by priority (highest first), then run_at, then created_at', async () => {
    const due = '2026-01-01T00:00:00Z';
    const old = await insertJob(db.sql, ws, { run_at: due, created_at: '2025-06-01T00:00:00Z' });
    const young = await insertJob(db.sql, ws, { run_at: due, created_at: '2025-12-01T00:00:00Z' });
    const later = await insertJob(db.sql, ws, { run_at: '2026-01-02T00:00:00Z', created_at: '2025-01-01T00:00:00Z' });
    const urgentLate = await insertJob(db.sql, ws, { priority: 5, run_at: '2026-01-03T00:00:00Z' });
    const urgentEarly = await insertJob(db.sql, ws, { priority: 5, run_at: due });
    const low = await insertJob(db.sql, ws, { priority: -1, run_at: '2020-01-01T00:00:00Z' });
    const order = [];
    for (let id = await claimOne(); id; id = await claimOne()) order.push(id);
    expect(order).toEqual([urgentEarly.id, urgentLate.id, old.id, young.id, later.id, low.id]);
  });

  test('a job whose run_at is in the future is claimed only once it is due', async () => {
    const job = await insertJob(db.sql, ws, { run_at: db.sql`now() + interval '400 milliseconds'` as never });
    expect(await claimOne()).toBeUndefined();
    await expect.poll(claimOne, { timeout: 3_000, interval: 20 }).toBe(job.id);
    const claimed = await jobRow(db.sql, job.id);
    expect(Date.parse(claimed.started_at ?? '')).toBeGreaterThanOrEqual(Date.parse(job.run_at));
  });

  test('claims only the kinds asked for; other kinds stay queued', async () => {
    const noop = await insertJob(db.sql, ws, { kind: 'noop', priority: 1 });
    const label = await insertJob(db.sql, ws, { kind: 'label_run' });
    expect(await claimOne(['label_run'])).toBe(label.id);
    expect(await claimOne(['label_run'])).toBeUndefined();
    expect(await claimOne(['other_kind'])).toBeUndefined();
    expect((await jobRow(db.sql, noop.id)).status).toBe('queued');
    expect(await claimOne(['noop'])).toBe(noop.id);
  });

  test('never claims a job with a cancel request', async () => {
    const insertedCanceled = await insertJob(db.sql, ws, { cancel_requested: true });
    expect(insertedCanceled.status).toBe('canceled');
    // A queued job can still carry a cancel request (it was asked for while it ran, then it was requeued).
    const requeued = await insertJob(db.sql, ws, { status: 'running', locked_by: 'w0', lease_until: '2099-01-01T00:00:00Z' });
    await db.sql`update public.jobs set cancel_requested = true where id = ${requeued.id}`;
    await db.sql`update public.jobs set status = 'queued', locked_by = null, lease_until = null where id = ${requeued.id}`;
    expect(await claimOne()).toBeUndefined();
    expect((await jobRow(db.sql, requeued.id)).status).toBe('queued');
  });

  test('concurrent claimers on separate connections never share a job and together take them all', async () => {
    const ids = (
      await db.sql<{ id: string }[]>`
      insert into public.jobs (workspace_id, kind) select ${ws}, 'noop' from generate_series(1, 300) returning id`
    ).map((r) => r.id);
    const clients = Array.from({ length: 12 }, () => connect(db.url, { max: 1 }));
    try {
      const perClaimer = await Promise.all(
        clients.map(async (sql, i) => {
          const got: string[] = [];
          for (;;) {
            const jobs = await claimJobs(sql, `claimer-${i}`, 4, ['noop'], 30);
            if (jobs.length === 0) return got;
            got.push(...jobs.map((j) => j.id));
          }
        }),
      );
      const all = perClaimer.flat();
      expect(all).toHaveLength(ids.length);
      expect(new Set(all)).toEqual(new Set(ids));
      expect(perClaimer.filter((got) => got.length > 0).length).toBeGreaterThan(1);
      const owners = await db.sql<{ id: string; locked_by: string; attempts: number }[]>`
        select id, locked_by, attempts from public.jobs where id = any(${ids}::uuid[])`;
      const ownerOf = new Map(perClaimer.flatMap((got, i) => got.map((id) => [id, `claimer-${i}`] as const)));
      for (const row of owners) {
        expect(row.locked_by).toBe(ownerOf.get(row.id));
        expect(row.attempts).toBe(1);
      }
      const [started] = await db.sql<{ n: number }[]>`
        select count(*)::int as n from public.job_events where type = 'job:started' and job_id = any(${ids}::uuid[])`;
      expect(started?.n).toBe(ids.length);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  test('a claim marks the job running, leased to the worker, counts the attempt and logs job:started', async () => {
    const job = await insertJob(db.sql, ws, { attempts: 1, max_attempts: 3, error: 'previous attempt failed' });
    const [claimed] = await claimJobs(db.sql, 'worker-a', 5, ['noop'], 7);
    const [lease] = await db.sql<{ left: number }[]>`
      select extract(epoch from lease_until - clock_timestamp())::float8 as left from public.jobs where id = ${job.id}`;
    expect(claimed).toMatchObject({ id: job.id, status: 'running', locked_by: 'worker-a', attempts: 2, error: null });
    expect(claimed?.started_at).not.toBeNull();
    expect(Date.parse(claimed?.lease_until ?? '') - Date.parse(claimed?.started_at ?? '')).toBe(7_000);
    expect(lease?.left).toBeGreaterThan(6);
    expect(lease?.left).toBeLessThanOrEqual(7);
    expect(await jobEvents(db.sql, job.id)).toEqual([
      { type: 'job:started', payload: { worker: 'worker-a', attempt: 2 }, created_at: expect.any(String) },
    ]);
  });
});

describe('who may call the queue functions', () => {
  test.each([
    ['anon', 'claim_jobs', "public.claim_jobs('x', 1)"],
    ['anon', 'reap_expired_jobs', 'public.reap_expired_jobs()'],
    ['authenticated', 'claim_jobs', "public.claim_jobs('x', 1)"],
    ['authenticated', 'reap_expired_jobs', 'public.reap_expired_jobs()'],
  ])('%s cannot execute %s', async (role, _fn, call) => {
    await insertJob(db.sql, ws);
    const run = (tx: Parameters<Parameters<typeof asAnon>[1]>[0]) => tx.unsafe(`select * from ${call}`);
    const attempt = role === 'anon' ? asAnon(db.sql, run) : asUser(db.sql, randomUUID(), run);
    await expect(attempt).rejects.toMatchObject({ code: '42501', message: expect.stringContaining('permission denied for function') });
    expect(await db.sql`select 1 from public.jobs where status = 'queued'`).toHaveLength(1);
  });
});
