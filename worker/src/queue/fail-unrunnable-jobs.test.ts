/** A job of a kind no worker runs ends failed with the kinds that do run, once workers have had their chance; never while no worker is seen. */
import { expect, test } from 'vitest';
import { eventTypes, insertJob, jobRow, useQueueTestDb } from '../testing.ts';
import { failUnrunnableJobs } from './fail-unrunnable-jobs.ts';

const ctx = useQueueTestDb();

test('with no worker seen nothing is failed; with workers running label_run and noop, a "launch_rocket" job fails and says why', async () => {
  const { sql } = ctx.db;
  const dueSince = new Date(Date.now() - 120_000).toISOString();
  const rocket = await insertJob(sql, ctx.ws, { kind: 'launch_rocket', run_at: dueSince });
  const noop = await insertJob(sql, ctx.ws, { kind: 'noop', run_at: 'infinity' });
  expect(await failUnrunnableJobs(sql, 60)).toEqual([]);
  await sql`
    insert into workers (id, hostname, pid, kinds, concurrency) values
      ('w1', 'h', 1, '{label_run,noop}', 4), ('w2', 'h', 2, '{noop}', 1)`;
  const failed = await failUnrunnableJobs(sql, 60);
  expect(failed.map((j) => j.id)).toEqual([rocket.id]);
  const row = await jobRow(sql, rocket.id);
  expect(row).toMatchObject({ status: 'failed', stage: 'done' });
  expect(row.error).toBe(
    'No worker runs jobs of kind "launch_rocket"; the workers here run label_run, noop. Insert the job with one of those kinds, or start a worker that runs "launch_rocket".',
  );
  expect(await eventTypes(sql, rocket.id)).toContain('job:failed');
  expect((await jobRow(sql, noop.id)).status).toBe('queued');
});

test('a job due for less than the grace period, or whose kind a worker ran within it, is left queued', async () => {
  const { sql } = ctx.db;
  await sql`delete from workers`;
  await sql`insert into workers (id, hostname, pid, kinds, concurrency, last_seen_at) values ('old', 'h', 1, '{print_only}', 1, now() - interval '5 minutes')`;
  await sql`insert into workers (id, hostname, pid, kinds, concurrency) values ('now', 'h', 2, '{noop}', 1)`;
  const printOnly = await insertJob(sql, ctx.ws, { kind: 'print_only', run_at: new Date(Date.now() - 120_000).toISOString() });
  const fresh = await insertJob(sql, ctx.ws, { kind: 'fresh_kind' });
  expect(await failUnrunnableJobs(sql, 600)).toEqual([]);
  expect((await jobRow(sql, printOnly.id)).status).toBe('queued');
  expect((await jobRow(sql, fresh.id)).status).toBe('queued');
  // ten minutes on, the print_only worker is long gone: now it is news
  expect((await failUnrunnableJobs(sql, 60)).map((j) => j.id)).toEqual([printOnly.id]);
});
