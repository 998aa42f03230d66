/** Pick-up latency: an idle worker (60 s poll, so only LISTEN can wake it) starts new and delayed jobs promptly. */
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
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

describe('waking an idle worker', () => {
  test('20 jobs inserted one after another each start within 500 ms of the commit, the median within 50 ms', async () => {
    const rec = recordingNoop();
    await workers.start({ handlers: [rec.handler], ...slowPoll });
    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const job = await insertJob(db.sql, ws);
      const committedAt = Date.now();
      await expect.poll(() => rec.of(job.id).length, { timeout: 2_000, interval: 5 }).toBe(1);
      latencies.push((rec.of(job.id)[0]?.startedAt ?? Number.NaN) - committedAt);
      await expect.poll(() => jobStatus(db.sql, job.id), { interval: 5 }).toBe('succeeded');
    }
    expect(latencies).toHaveLength(20);
    expect(median(latencies), `latencies ${latencies.join(', ')} ms`).toBeLessThan(50);
    expect(Math.max(...latencies), `latencies ${latencies.join(', ')} ms`).toBeLessThan(500);
  });

  test('a job due in 300 ms starts no earlier than its run_at and within 250 ms after it', async () => {
    const rec = recordingNoop();
    await workers.start({ handlers: [rec.handler], ...slowPoll });
    const job = await insertJob(db.sql, ws, { run_at: inMs(300) });
    await expect.poll(() => rec.of(job.id).length, { timeout: 2_000, interval: 5 }).toBe(1);
    const late = (rec.of(job.id)[0]?.startedAt ?? Number.NaN) - Date.parse(job.run_at);
    expect(late).toBeGreaterThanOrEqual(0);
    expect(late).toBeLessThan(250);
  });

  // Regression: the worker once kept only the earliest wake-up and forgot later delayed jobs.
  test('two delayed jobs (300 ms and 600 ms) each start within 250 ms of their run_at', async () => {
    const rec = recordingNoop();
    await workers.start({ handlers: [rec.handler], ...slowPoll });
    const first = await insertJob(db.sql, ws, { run_at: inMs(300) });
    const second = await insertJob(db.sql, ws, { run_at: inMs(600) });
    await expect.poll(() => rec.of(second.id).length, { timeout: 1_500, interval: 5 }).toBe(1);
    for (const job of [first, second]) {
      const late = (rec.of(job.id)[0]?.startedAt ?? Number.NaN) - Date.parse(job.run_at);
      expect(late).toBeGreaterThanOrEqual(0);
      expect(late).toBeLessThan(250);
    }
  });
});
