/**
 * Waking an idle worker: with a 60 s poll only LISTEN (new jobs) or its own timer (delayed jobs) can
 * start a job within the seconds these tests wait. The latency figures are in `npm run bench:queue`.
 */
import type { TestPostgres } from '@tagwright/stack/testing';
import { beforeAll, describe, expect, test } from 'vitest';
import { insertJob, jobStatus, type QueueTestContext, recordingNoop, useQueueTestDb } from '../testing.ts';

let db: TestPostgres;
let ws: string;
let workers: QueueTestContext['workers'];
const slowPoll = { pollIntervalMs: 60_000 };
const ctx = useQueueTestDb();
beforeAll(() => {
  ({ db, ws, workers } = ctx);
});

const inMs = (ms: number) => db.sql`now() + make_interval(secs => ${ms / 1000})` as never;

describe('waking an idle worker', () => {
  test('20 jobs inserted one after another are each started by their notification, not the 60 s poll', async () => {
    const rec = recordingNoop();
    await workers.start({ handlers: [rec.handler], ...slowPoll });
    for (let i = 0; i < 20; i++) {
      const job = await insertJob(db.sql, ws);
      await expect.poll(() => rec.of(job.id).length, { timeout: 5_000, interval: 5 }).toBe(1);
      await expect.poll(() => jobStatus(db.sql, job.id), { interval: 5 }).toBe('succeeded');
    }
    expect(rec.seen).toHaveLength(20);
  });

  test("a job due in 300 ms starts no earlier than its run_at, woken by the worker's own timer", async () => {
    const rec = recordingNoop();
    await workers.start({ handlers: [rec.handler], ...slowPoll });
    const job = await insertJob(db.sql, ws, { run_at: inMs(300) });
    await expect.poll(() => rec.of(job.id).length, { timeout: 5_000, interval: 5 }).toBe(1);
    expect(rec.of(job.id)[0]?.startedAt).toBeGreaterThanOrEqual(Date.parse(job.run_at));
  });

  // Regression: the worker once kept only the earliest wake-up and forgot later delayed jobs.
  test('two delayed jobs (300 ms and 600 ms) each start, neither before its run_at', async () => {
    const rec = recordingNoop();
    await workers.start({ handlers: [rec.handler], ...slowPoll });
    const first = await insertJob(db.sql, ws, { run_at: inMs(300) });
    const second = await insertJob(db.sql, ws, { run_at: inMs(600) });
    await expect.poll(() => rec.of(second.id).length, { timeout: 5_000, interval: 5 }).toBe(1);
    for (const job of [first, second]) expect(rec.of(job.id)[0]?.startedAt).toBeGreaterThanOrEqual(Date.parse(job.run_at));
  });
});
