/** SIGTERM: a worker process stops claiming, finishes short jobs, releases long ones (attempt not burned), exits 0. */
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createWorkspace, startWorkers, stopWorkers, waitListening } from './worker-processes.ts';

let db: TestPostgres;
beforeAll(async () => {
  db = await testPostgres();
});
afterAll(() => db?.stop());

test('short jobs finish within the grace period, long ones go back to the queue unburned', async () => {
  const { sql } = db;
  const ws = await createWorkspace(sql, 'Shutdown');
  const [worker] = startWorkers(1, db.url, { WORKER_SHUTDOWN_GRACE_MS: '1000', WORKER_CONCURRENCY: '2' });
  if (!worker) throw new Error('no worker');
  await waitListening(sql, 1);
  const [short] = await sql`insert into jobs (workspace_id, kind, params) values (${ws}, 'noop', '{"sleep_ms": 300}') returning id`;
  const [long] = await sql`insert into jobs (workspace_id, kind, params) values (${ws}, 'noop', '{"sleep_ms": 60000}') returning id`;
  await expect.poll(async () => (await sql`select 1 from jobs where status = 'running'`).length, { timeout: 10_000 }).toBe(2);

  // exits 0 without waiting out the minute-long job: that one is back in the queue below, not succeeded
  expect(await stopWorkers([worker])).toEqual([0]);

  const rows = await sql<{ id: string; status: string; attempts: number; locked_by: string | null }[]>`
    select id, status, attempts, locked_by from jobs order by created_at`;
  expect(rows).toEqual([
    { id: short?.id, status: 'succeeded', attempts: 1, locked_by: null },
    { id: long?.id, status: 'queued', attempts: 0, locked_by: null },
  ]);
  const [released] = await sql`select count(*) as n from job_events where job_id = ${long?.id} and type = 'job:released'`;
  expect(released?.n).toBe('1');
}, 60_000);
