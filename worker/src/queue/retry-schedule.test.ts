/** Retries: job_retry_delay's jittered, capped backoff, and how retryable, permanent and bad-params failures end a job. */
import type { TestPostgres } from '@tagwright/stack/testing';
import { beforeAll, describe, expect, test } from 'vitest';
import { eventTypes, insertJob, jobEvents, jobRow, jobStatus, type QueueTestContext, recordingNoop, useQueueTestDb } from '../testing.ts';

let db: TestPostgres;
let ws: string;
let workers: QueueTestContext['workers'];
const ctx = useQueueTestDb();
beforeAll(() => {
  ({ db, ws, workers } = ctx);
});

/** The delay window for retry n: [0.5, 1] x min(cap, base * 2^(n-1)), in ms. */
const windowFor = (n: number, baseMs: number, capMs: number) => {
  const full = Math.min(capMs, baseMs * 2 ** (n - 1));
  return [full / 2, full] as const;
};

/** Each retry_scheduled event: its attempt and the delay it chose (run_at minus when it was written). */
async function scheduledRetries(jobId: string): Promise<{ attempt: number; delay_ms: number }[]> {
  return db.sql`
    select (payload->>'attempt')::int as attempt,
           extract(epoch from (payload->>'run_at')::timestamptz - created_at)::float8 * 1000 as delay_ms
    from public.job_events where job_id = ${jobId} and type = 'job:retry_scheduled' order by id`;
}

describe('job_retry_delay', () => {
  test.each([
    [2000, 300_000],
    [100, 5_000],
    [1, 1],
  ])('with base %i ms and cap %i ms, retry n waits between half and all of min(cap, base*2^(n-1))', async (base, cap) => {
    const rows = await db.sql<{ n: number; ms: number }[]>`
      select n, extract(epoch from public.job_retry_delay(n, ${base}, ${cap}))::float8 * 1000 as ms
      from generate_series(1, 12) as n, generate_series(1, 25) as sample`;
    expect(rows).toHaveLength(12 * 25);
    for (const { n, ms } of rows) {
      const [low, high] = windowFor(n, base, cap);
      expect(ms, `retry ${n}`).toBeGreaterThanOrEqual(low - 0.001);
      expect(ms, `retry ${n}`).toBeLessThanOrEqual(high + 0.001);
    }
    // the jitter actually spreads retries out
    const first = rows.filter((r) => r.n === 12).map((r) => r.ms);
    if (cap > 1) expect(new Set(first).size).toBeGreaterThan(1);
  });
});

describe('a failing job', () => {
  test('a retryable failure puts it back in the queue with a backoff in the window, and logs job:retry_scheduled', async () => {
    const rec = recordingNoop();
    await workers.start({ handlers: [rec.handler], backoff: { baseMs: 20_000, capMs: 60_000 } });
    const job = await insertJob(db.sql, ws, { params: { fail: 'retryable' }, max_attempts: 3 });
    await expect.poll(() => eventTypes(db.sql, job.id), { timeout: 5_000 }).toContain('job:retry_scheduled');
    const row = await jobRow(db.sql, job.id);
    expect(row).toMatchObject({ status: 'queued', stage: 'queued', attempts: 1, locked_by: null, lease_until: null, finished_at: null });
    expect(row.error).toBe('noop asked to fail (retryable) on attempt 1');
    // the backoff counts from the failure's transaction time, which is when its event was written
    const [delay] = await db.sql<{ ms: number }[]>`
      select extract(epoch from j.run_at - e.created_at)::float8 * 1000 as ms
      from public.jobs j join public.job_events e on e.job_id = j.id and e.type = 'job:retry_scheduled' where j.id = ${job.id}`;
    expect(delay?.ms).toBeGreaterThanOrEqual(10_000);
    expect(delay?.ms).toBeLessThanOrEqual(20_000);
    expect(await scheduledRetries(job.id)).toEqual([{ attempt: 1, delay_ms: delay?.ms }]);
    const retry = (await jobEvents(db.sql, job.id)).find((e) => e.type === 'job:retry_scheduled');
    expect(retry?.payload).toMatchObject({ attempt: 1, max_attempts: 3, retryable: true, error: row.error });
    expect(rec.of(job.id)).toHaveLength(1);
  });

  test('after max_attempts retryable failures it fails for good with the last error', async () => {
    const rec = recordingNoop();
    await workers.start({ handlers: [rec.handler], backoff: { baseMs: 60, capMs: 200 } });
    const job = await insertJob(db.sql, ws, { params: { fail: 'retryable' }, max_attempts: 4 });
    await expect.poll(() => jobStatus(db.sql, job.id), { timeout: 10_000 }).toBe('failed');
    const row = await jobRow(db.sql, job.id);
    expect(row).toMatchObject({ attempts: 4, error: 'noop asked to fail (retryable) on attempt 4', locked_by: null });
    expect(row.finished_at).not.toBeNull();
    expect(await eventTypes(db.sql, job.id)).toEqual([
      'job:started',
      'job:retry_scheduled',
      'job:started',
      'job:retry_scheduled',
      'job:started',
      'job:retry_scheduled',
      'job:started',
      'job:failed',
    ]);
    const retries = await scheduledRetries(job.id);
    expect(retries.map((r) => r.attempt)).toEqual([1, 2, 3]);
    for (const { attempt, delay_ms } of retries) {
      const [low, high] = windowFor(attempt, 60, 200);
      expect(delay_ms).toBeGreaterThanOrEqual(low);
      expect(delay_ms).toBeLessThanOrEqual(high);
    }
    expect(rec.of(job.id).map((s) => s.attempt)).toEqual([1, 2, 3, 4]);
  });

  test('a permanent error fails it at once, after one attempt', async () => {
    const rec = recordingNoop();
    await workers.start({ handlers: [rec.handler] });
    const job = await insertJob(db.sql, ws, { params: { fail: 'permanent' }, max_attempts: 5 });
    await expect.poll(() => jobStatus(db.sql, job.id), { timeout: 5_000 }).toBe('failed');
    expect(await jobRow(db.sql, job.id)).toMatchObject({ attempts: 1, error: 'noop asked to fail (permanent)' });
    const events = await jobEvents(db.sql, job.id);
    expect(events.map((e) => e.type)).toEqual(['job:started', 'job:failed']);
    expect(events[1]?.payload).toMatchObject({ retryable: false, attempt: 1, max_attempts: 5 });
    expect(rec.of(job.id)).toHaveLength(1);
  });

  test('bad params fail it at once, naming the bad field, without running the handler', async () => {
    const rec = recordingNoop();
    await workers.start({ handlers: [rec.handler] });
    const job = await insertJob(db.sql, ws, { params: { sleep_ms: 'x' }, max_attempts: 5 });
    await expect.poll(() => jobStatus(db.sql, job.id), { timeout: 5_000 }).toBe('failed');
    const row = await jobRow(db.sql, job.id);
    expect(row.attempts).toBe(1);
    expect(row.error).toMatch(/^Bad params for noop — sleep_ms: /);
    expect(await eventTypes(db.sql, job.id)).toEqual(['job:started', 'job:failed']);
    expect(rec.of(job.id)).toHaveLength(0);
  });
});
