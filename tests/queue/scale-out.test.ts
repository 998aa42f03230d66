/** Scale-out: 4 worker processes share 8,000 jobs; each runs exactly once and none is left behind. */
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createWorkspace, jobCounts, startWorkers, stopWorkers, waitListening } from './worker-processes.ts';

let db: TestPostgres;
beforeAll(async () => {
  db = await testPostgres();
});
afterAll(() => db?.stop());

test('4 workers × 2,000 jobs: every job succeeds exactly once, spread over all workers', async () => {
  const { sql } = db;
  const ws = await createWorkspace(sql, 'Scale');
  const workers = startWorkers(4, db.url, { WORKER_CONCURRENCY: '4' });
  try {
    await waitListening(sql, 4);
    for (let batch = 0; batch < 8; batch++) {
      await sql`insert into jobs (workspace_id, kind, params) select ${ws}, 'noop', '{}' from generate_series(1, 1000)`;
    }
    await expect.poll(async () => (await jobCounts(sql, ws)).succeeded ?? 0, { timeout: 120_000, interval: 500 }).toBe(8000);
    expect(await jobCounts(sql, ws)).toEqual({ succeeded: 8000 });

    const effects = await sql<{ jobs: string; effects: string; max_per_job: string }[]>`
      select count(distinct job_id) as jobs, count(*) as effects, max(n) as max_per_job from (
        select job_id, count(*) over (partition by job_id) as n from job_events where type = 'noop:done') e`;
    expect(effects[0]).toEqual({ jobs: '8000', effects: '8000', max_per_job: '1' });
    const [attempts] = await sql`select max(attempts) as max from jobs where workspace_id = ${ws}`;
    expect(attempts?.max).toBe(1);
    const perWorker = await sql<{ worker: string; n: string }[]>`
      select payload->>'worker' as worker, count(*) as n from job_events where type = 'job:started' group by 1 order by 1`;
    expect(perWorker.map((w) => w.worker)).toEqual(['w1', 'w2', 'w3', 'w4']);
  } finally {
    expect(await stopWorkers(workers)).toEqual([0, 0, 0, 0]);
  }
}, 180_000);
