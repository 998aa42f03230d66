/**
 * `tagwright worker` and its database at start: one that is down (restarting, not up yet) is waited
 * for, up to WORKER_DB_WAIT_SECONDS, and then the worker runs; with no wait, or none that helps, it
 * exits 1 saying what to do.
 */
import { freePort, type RunningPostgres, startPostgres } from '@tagwright/stack';
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli, runCliToEnd } from './run-cli.ts';

let db: TestPostgres;
let restarted: RunningPostgres | undefined;
beforeAll(async () => {
  db = await testPostgres();
});
afterAll(async () => {
  await restarted?.stop();
  await db?.stop();
});

test('a worker started while its database is down waits for it, then claims work', async () => {
  await db.server.stop();
  const worker = runCli(['worker', '--concurrency', '1'], { DATABASE_URL: db.url, WORKER_DB_WAIT_SECONDS: '60' });
  try {
    await worker.waitFor(/"event":"db:waiting"/, 30_000);
    restarted = await startPostgres({ dataDir: db.dataDir, port: db.port, settings: { fsync: 'off', synchronous_commit: 'off' } });
    await worker.waitFor(/"event":"worker:started"/, 60_000);
    expect(worker.output().stdout).toContain('"event":"db:reachable"');
  } finally {
    worker.child.kill('SIGTERM');
  }
  expect(await worker.exited).toBe(0);
});

test('with no wait it exits 1 at once, naming the database and what to do', async () => {
  const url = `postgresql://postgres:postgres@127.0.0.1:${await freePort()}/postgres`;
  const run = await runCliToEnd(['worker'], { DATABASE_URL: url, WORKER_DB_WAIT_SECONDS: '0' });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('Cannot reach the database at postgresql://postgres:***@127.0.0.1:');
  expect(run.stderr).toContain('start the local stack with `npm start` or set DATABASE_URL');
});
