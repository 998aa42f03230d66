/** A worker SIGKILLed mid-job: after its lease expires another worker takes the jobs over and finishes them, once. */
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createWorkspace, jobCounts, startWorkers, stopWorkers, waitListening } from './worker-processes.ts';

let db: TestPostgres;
beforeAll(async () => {
  db = await testPostgres();
});
afterAll(() => db?.stop());

test('jobs held by a killed worker are taken over after the lease and finish with no duplicate side effects', async () => {
  const { sql } = db;
  const ws = await createWorkspace(sql, 'Crash');
  const env = { WORKER_LEASE_SECONDS: '2', WORKER_BACKOFF_BASE_MS: '100', WORKER_CONCURRENCY: '4' };
  const [victim] = startWorkers(1, db.url, env, 'victim');
  if (!victim) throw new Error('no worker');
  await waitListening(sql, 1);
  await sql`insert into jobs (workspace_id, kind, params) select ${ws}, 'noop', '{"sleep_ms": 1500}' from generate_series(1, 8)`;
  await expect.poll(async () => (await sql`select id from jobs where locked_by = 'victim1'`).length, { timeout: 10_000 }).toBe(4);
  const held = (await sql<{ id: string }[]>`select id from jobs where locked_by = 'victim1'`).map((r) => r.id);
  victim.child.kill('SIGKILL');
  await victim.exited;

  const rescuers = startWorkers(2, db.url, env, 'rescuer');
  try {
    await expect.poll(async () => (await jobCounts(sql, ws)).succeeded ?? 0, { timeout: 30_000, interval: 250 }).toBe(8);
    const done = await sql<{ job_id: string; n: string }[]>`
      select job_id, count(*) as n from job_events where type = 'noop:done' group by job_id`;
    expect(done).toHaveLength(8);
    expect(done.every((d) => d.n === '1')).toBe(true);
    const taken = await sql<{ id: string; attempts: number }[]>`select id, attempts from jobs where id = any(${held}::uuid[])`;
    expect(taken.map((t) => t.attempts)).toEqual([2, 2, 2, 2]);
    const starts = await sql<{ worker: string }[]>`
      select payload->>'worker' as worker from job_events where type = 'job:started' and job_id = ${held[0] ?? ''} order by id`;
    expect(starts.map((s) => s.worker)).toEqual(['victim1', expect.stringMatching(/^rescuer/)]);
  } finally {
    await stopWorkers(rescuers);
  }
}, 60_000);
