/** Cancel and timeout: a running job stops within a second and its stage sees why; a queued or born-canceled job never runs. */
import type { TestPostgres } from '@tagwright/stack/testing';
import { beforeAll, describe, expect, test } from 'vitest';
import { JobAbort } from '../errors.ts';
import { claimJobs } from '../queue/claim-jobs.ts';
import { failJob } from '../queue/fail-job.ts';
import { releaseJob } from '../queue/release-job.ts';
import { lockOf } from '../queue/types.ts';
import { abortKind, eventTypes, insertJob, jobRow, jobStatus, type QueueTestContext, recordingNoop, useQueueTestDb } from '../testing.ts';

let db: TestPostgres;
let ws: string;
let workers: QueueTestContext['workers'];
const ctx = useQueueTestDb();
beforeAll(() => {
  ({ db, ws, workers } = ctx);
});

const inMs = (ms: number) => db.sql`now() + make_interval(secs => ${ms / 1000})` as never;

describe('canceling a running job', () => {
  test.each([
    ['the cancel notification', 60_000, ''],
    ['the periodic check when the notification is missed', 300, 'replica'],
  ])('stops it at once via %s; the stage sees a canceled abort', async (_via, cancelCheckMs, replicationRole) => {
    const rec = recordingNoop();
    await workers.start({ handlers: [rec.handler], cancelCheckMs });
    const job = await insertJob(db.sql, ws, { params: { sleep_ms: 10_000 } });
    await expect.poll(() => rec.of(job.id).length).toBe(1);
    await db.sql.begin(async (tx) => {
      // session_replication_role = replica skips triggers, so no cancel notification is sent
      if (replicationRole) await tx`set local session_replication_role = replica`;
      await tx`update public.jobs set cancel_requested = true where id = ${job.id}`;
    });
    // well before the 10 s sleep would end, and the 60 s check in the first case
    await expect.poll(() => jobStatus(db.sql, job.id), { timeout: 3_000, interval: 20 }).toBe('canceled');
    const row = await jobRow(db.sql, job.id);
    expect(row).toMatchObject({ locked_by: null, lease_until: null, error: null, attempts: 1 });
    expect(row.finished_at).not.toBeNull();
    expect(await eventTypes(db.sql, job.id)).toEqual(['job:started', 'job:canceled']);
    const [attempt] = rec.of(job.id);
    expect(attempt?.ctx.signal.aborted).toBe(true);
    expect(attempt?.abortReason).toBeInstanceOf(JobAbort);
    expect(abortKind(attempt?.abortReason)).toBe('canceled');
  });
});

describe('canceling before it runs', () => {
  test('a cancel on a queued job takes effect at once and the job never runs', async () => {
    const rec = recordingNoop();
    await workers.start({ handlers: [rec.handler] });
    const job = await insertJob(db.sql, ws, { run_at: inMs(300) });
    const [canceled] = await db.sql`
      update public.jobs set cancel_requested = true where id = ${job.id} returning status, finished_at is not null as finished`;
    expect(canceled).toEqual({ status: 'canceled', finished: true });
    // Once it would have been due, a job that runs to the end shows the worker had every chance to take it.
    const due = async () => (await db.sql`select now() > ${job.run_at}::timestamptz + interval '50 ms' as due`)[0]?.due;
    await expect.poll(due, { timeout: 2_000 }).toBe(true);
    const sentinel = await insertJob(db.sql, ws);
    await expect.poll(() => jobStatus(db.sql, sentinel.id), { timeout: 3_000 }).toBe('succeeded');
    expect(rec.of(job.id)).toHaveLength(0);
    expect(await jobRow(db.sql, job.id)).toMatchObject({ status: 'canceled', attempts: 0, started_at: null });
    expect(await eventTypes(db.sql, job.id)).toEqual([]);
  });

  test('a job inserted with cancel_requested is canceled at once and never runs', async () => {
    const rec = recordingNoop();
    await workers.start({ handlers: [rec.handler] });
    const job = await insertJob(db.sql, ws, { cancel_requested: true, priority: 10 });
    expect(job.status).toBe('canceled');
    expect(job.finished_at).not.toBeNull();
    const sentinel = await insertJob(db.sql, ws);
    await expect.poll(() => jobStatus(db.sql, sentinel.id), { timeout: 3_000 }).toBe('succeeded');
    expect(rec.of(job.id)).toHaveLength(0);
    expect(await jobRow(db.sql, job.id)).toMatchObject({ status: 'canceled', attempts: 0 });
  });
});

describe('timeout', () => {
  test('a job over its timeout_seconds fails with "Job timed out after 1 s"; the stage sees a timeout abort', async () => {
    const rec = recordingNoop();
    await workers.start({ handlers: [rec.handler] });
    const job = await insertJob(db.sql, ws, { params: { timeout_seconds: 1, sleep_ms: 10_000 }, max_attempts: 1 });
    const insertedAt = Date.now();
    await expect.poll(() => jobStatus(db.sql, job.id), { timeout: 4_000, interval: 20 }).toBe('failed');
    // not before its second was up; and within the poll's 4 s, so not after the 10 s sleep
    expect(Date.now() - insertedAt).toBeGreaterThanOrEqual(1_000);
    expect(await jobRow(db.sql, job.id)).toMatchObject({ error: 'Job timed out after 1 s', attempts: 1, locked_by: null });
    expect(await eventTypes(db.sql, job.id)).toEqual(['job:started', 'job:failed']);
    expect(abortKind(rec.of(job.id)[0]?.abortReason)).toBe('timeout');
  });
});

describe('a cancel requested while the attempt ends another way', () => {
  // Regression: a cancel that raced a retryable failure once left the job queued for ever.
  test('a retryable failure of a job with a cancel request ends it canceled, not queued for ever', async () => {
    const job = await insertJob(db.sql, ws, { kind: 'noop', max_attempts: 3 });
    const [claimed] = await claimJobs(db.sql, 'w-race', 1, ['noop'], 30);
    if (claimed?.id !== job.id) throw new Error('expected to claim the job');
    await db.sql`update public.jobs set cancel_requested = true where id = ${job.id}`;
    await failJob(db.sql, lockOf(claimed, 'w-race'), 'network down', true, { baseMs: 1, capMs: 1 });
    expect(await jobStatus(db.sql, job.id)).toBe('canceled');
  });

  // Regression: the same for a shutdown release.
  test('releasing a job with a cancel request (worker shutting down) ends it canceled, not queued for ever', async () => {
    const job = await insertJob(db.sql, ws, { kind: 'noop' });
    const [claimed] = await claimJobs(db.sql, 'w-race', 1, ['noop'], 30);
    if (claimed?.id !== job.id) throw new Error('expected to claim the job');
    await db.sql`update public.jobs set cancel_requested = true where id = ${job.id}`;
    await releaseJob(db.sql, lockOf(claimed, 'w-race'));
    expect(await jobStatus(db.sql, job.id)).toBe('canceled');
  });
});
