/** Leases: a worker that lost its job stops and writes nothing more; expired leases are reaped (requeue, fail, cancel) and rerun. */
import type { TestPostgres } from '@tagwright/stack/testing';
import { beforeAll, describe, expect, test } from 'vitest';
import { reapExpiredJobs } from '../queue/reap-expired-jobs.ts';
import { abortKind, eventTypes, insertJob, jobRow, jobStatus, type QueueTestContext, recordingNoop, useQueueTestDb } from '../testing.ts';

let db: TestPostgres;
let ws: string;
let workers: QueueTestContext['workers'];
const ctx = useQueueTestDb();
beforeAll(() => {
  ({ db, ws, workers } = ctx);
});

/** A job a (dead) worker claimed whose lease ran out a second ago. */
const expiredJob = (row: Record<string, string | number | boolean> = {}) =>
  insertJob(db.sql, ws, {
    status: 'running',
    stage: 'crawling',
    locked_by: 'w-dead',
    lease_until: db.sql`now() - interval '1 second'` as never,
    started_at: db.sql`now() - interval '1 minute'` as never,
    attempts: 1,
    max_attempts: 3,
    ...row,
  });

describe('losing the lease', () => {
  test('when another worker takes the job, the heartbeat aborts it (lease_lost) and this worker writes nothing more', async () => {
    const rec = recordingNoop();
    const worker = await workers.start({ handlers: [rec.handler], leaseSeconds: 1 });
    const job = await insertJob(db.sql, ws, { params: { sleep_ms: 10_000 } });
    await expect.poll(() => rec.of(job.id).length).toBe(1);
    const [stolen] = await db.sql`
      update public.jobs set locked_by = 'thief', lease_until = now() + interval '1 hour' where id = ${job.id} returning *`;
    await expect.poll(() => abortKind(rec.of(job.id)[0]?.abortReason), { timeout: 2_000 }).toBe('lease_lost');
    await expect.poll(() => worker.activeJobs).toBe(0);
    expect(worker.lines.some((l) => l.event === 'job:lease_lost' && l.job_id === job.id)).toBe(true);
    expect(await jobRow(db.sql, job.id)).toEqual(stolen);
    expect(await eventTypes(db.sql, job.id)).toEqual(['job:started']);
  });
});

describe('reap_expired_jobs', () => {
  test('puts a job whose lease expired back in the queue with a backoff, naming the worker and attempt', async () => {
    const job = await expiredJob();
    const reaped = await reapExpiredJobs(db.sql, { baseMs: 10_000, capMs: 10_000 });
    expect(reaped.map((j) => j.id)).toContain(job.id);
    const row = await jobRow(db.sql, job.id);
    expect(row).toMatchObject({ status: 'queued', stage: 'queued', locked_by: null, lease_until: null, finished_at: null, attempts: 1 });
    expect(row.error).toBe('Worker w-dead stopped renewing its lease during attempt 1 of 3 (it crashed or lost its connection); retrying.');
    const [delay] = await db.sql<{ ms: number }[]>`
      select extract(epoch from run_at - updated_at)::float8 * 1000 as ms from public.jobs where id = ${job.id}`;
    expect(delay?.ms).toBeGreaterThanOrEqual(5_000);
    expect(delay?.ms).toBeLessThanOrEqual(10_000);
  });

  test('fails a job whose last attempt it was', async () => {
    const job = await expiredJob({ attempts: 3 });
    await reapExpiredJobs(db.sql, { baseMs: 100, capMs: 100 });
    const row = await jobRow(db.sql, job.id);
    expect(row).toMatchObject({ status: 'failed', stage: 'crawling', locked_by: null, lease_until: null, run_at: job.run_at });
    expect(row.finished_at).not.toBeNull();
    expect(row.error).toBe(
      'Worker w-dead stopped renewing its lease during attempt 3 of 3 (it crashed or lost its connection); no attempts left.',
    );
  });

  test('cancels a job with a cancel request', async () => {
    const job = await expiredJob({ cancel_requested: true });
    await reapExpiredJobs(db.sql, { baseMs: 100, capMs: 100 });
    const row = await jobRow(db.sql, job.id);
    expect(row).toMatchObject({ status: 'canceled', error: null, locked_by: null, lease_until: null });
    expect(row.finished_at).not.toBeNull();
  });

  test('leaves jobs whose lease is still running alone', async () => {
    const job = await expiredJob({ lease_until: db.sql`now() + interval '1 minute'` as never });
    const reaped = await reapExpiredJobs(db.sql, { baseMs: 100, capMs: 100 });
    expect(reaped.map((j) => j.id)).not.toContain(job.id);
    expect(await jobRow(db.sql, job.id)).toEqual(job);
  });

  test("a worker's own reaper takes back a dead worker's job and then runs it to success", async () => {
    const job = await expiredJob({ params: { sleep_ms: 0 } as never });
    const rec = recordingNoop();
    await workers.start({ handlers: [rec.handler], leaseSeconds: 1, backoff: { baseMs: 50, capMs: 100 } });
    await expect.poll(() => jobStatus(db.sql, job.id), { timeout: 3_000 }).toBe('succeeded');
    expect(rec.of(job.id).map((s) => s.attempt)).toEqual([2]);
    expect(await jobRow(db.sql, job.id)).toMatchObject({ attempts: 2, error: null, progress: 100, stage: 'done' });
    expect(await eventTypes(db.sql, job.id)).toEqual(['job:reaped', 'job:started', 'noop:done', 'job:succeeded']);
  });
});
