/** Graceful shutdown: jobs that finish within the grace period succeed, longer ones are released unharmed, and nothing new is claimed. */
import type { TestPostgres } from '@tagwright/stack/testing';
import { beforeAll, describe, expect, test } from 'vitest';
import {
  abortKind,
  eventTypes,
  insertJob,
  jobEvents,
  jobRow,
  jobStatus,
  type QueueTestContext,
  recordingNoop,
  useQueueTestDb,
} from '../testing.ts';

let db: TestPostgres;
let ws: string;
let workers: QueueTestContext['workers'];
const ctx = useQueueTestDb();
beforeAll(() => {
  ({ db, ws, workers } = ctx);
});

describe('Worker.stop(grace)', () => {
  test('lets a job that finishes within the grace period succeed', async () => {
    const rec = recordingNoop();
    const worker = await workers.start({ handlers: [rec.handler] });
    const job = await insertJob(db.sql, ws, { params: { sleep_ms: 400 } });
    await expect.poll(() => rec.of(job.id).length).toBe(1);
    // a grace longer than the test's timeout: stop returns when the job is done, not when the grace runs out
    await worker.stop(120_000);
    expect(await jobRow(db.sql, job.id)).toMatchObject({ status: 'succeeded', attempts: 1 });
    expect(await eventTypes(db.sql, job.id)).toEqual(['job:started', 'noop:done', 'job:succeeded']);
    expect(rec.of(job.id)[0]?.abortReason).toBeUndefined();
    expect(worker.activeJobs).toBe(0);
  });

  test('releases a job longer than the grace period: queued again, the attempt not counted, job:released', async () => {
    const rec = recordingNoop();
    const worker = await workers.start({ handlers: [rec.handler] });
    const job = await insertJob(db.sql, ws, { params: { sleep_ms: 10_000 }, attempts: 1, max_attempts: 3 });
    await expect.poll(() => rec.of(job.id).length).toBe(1);
    expect(rec.of(job.id)[0]?.attempt).toBe(2);
    const stopping = Date.now();
    await worker.stop(300);
    // the grace was given in full; the 10 s job did not finish (it is queued again below)
    expect(Date.now() - stopping).toBeGreaterThanOrEqual(290);
    const row = await jobRow(db.sql, job.id);
    expect(row).toMatchObject({ status: 'queued', stage: 'queued', attempts: 1, locked_by: null, lease_until: null, finished_at: null });
    const [due] = await db.sql<{ now: boolean }[]>`select run_at <= now() as now from public.jobs where id = ${job.id}`;
    expect(due?.now).toBe(true);
    expect(abortKind(rec.of(job.id)[0]?.abortReason)).toBe('shutdown');
    const events = await jobEvents(db.sql, job.id);
    expect(events.map((e) => e.type)).toEqual(['job:started', 'job:released']);
    expect(events[1]?.payload).toEqual({ worker: worker.id });
  });

  test('a released job is taken and finished by the next worker', async () => {
    const first = await workers.start({ handlers: [recordingNoop().handler] });
    const job = await insertJob(db.sql, ws, { params: { sleep_ms: 600 } });
    await expect.poll(() => jobStatus(db.sql, job.id)).toBe('running');
    await first.stop(0);
    expect(await jobStatus(db.sql, job.id)).toBe('queued');
    const rec = recordingNoop();
    await workers.start({ handlers: [rec.handler] });
    await expect.poll(() => jobStatus(db.sql, job.id), { timeout: 3_000 }).toBe('succeeded');
    expect(rec.of(job.id).map((s) => s.attempt)).toEqual([1]);
  });

  test('claims nothing new while draining or after it stopped', async () => {
    const rec = recordingNoop();
    const worker = await workers.start({ handlers: [rec.handler], pollIntervalMs: 50 });
    const running = await insertJob(db.sql, ws, { params: { sleep_ms: 500 } });
    await expect.poll(() => rec.of(running.id).length).toBe(1);
    const stopped = worker.stop(5_000);
    const duringDrain = await insertJob(db.sql, ws);
    await stopped;
    expect(await jobStatus(db.sql, running.id)).toBe('succeeded');
    const afterStop = await insertJob(db.sql, ws);
    await new Promise((resolve) => setTimeout(resolve, 300)); // six poll intervals of the stopped worker
    for (const id of [duringDrain.id, afterStop.id]) {
      expect(await jobRow(db.sql, id)).toMatchObject({ status: 'queued', attempts: 0 });
      expect(rec.of(id)).toHaveLength(0);
    }
    // They were claimable all along: a fresh worker takes both at once.
    await workers.start({ handlers: [rec.handler] });
    await expect
      .poll(async () => [await jobStatus(db.sql, duringDrain.id), await jobStatus(db.sql, afterStop.id)])
      .toEqual(['succeeded', 'succeeded']);
  });
});
