/** graphile-worker 0.16 under the same benchmark (LISTEN/NOTIFY, its default way of running). */
import { Logger, type Runner, run, runMigrations } from 'graphile-worker';
import pg from 'pg';
import { connect } from '../../shared/src/db.ts';
import type { QueueUnderTest } from './measure.ts';

export async function graphileWorkerQueue(url: string): Promise<QueueUnderTest> {
  const pgPool = new pg.Pool({ connectionString: url, max: 12 });
  pgPool.on('error', (error) => console.error('graphile-worker pool:', error.message));
  await runMigrations({ pgPool, logger: silentLogger() });
  const admin = connect(url, { max: 2 });
  let runner: Runner | undefined;
  return {
    async start(concurrency, onStart) {
      runner = await run({
        pgPool,
        concurrency,
        noHandleSignals: true,
        pollInterval: 60_000,
        logger: silentLogger(),
        taskList: {
          noop: async (payload) => {
            onStart((payload as { key?: string }).key ?? '');
          },
        },
      });
    },
    async stop() {
      await runner?.stop();
      runner = undefined;
    },
    async insertOne(key) {
      await admin`select graphile_worker.add_job('noop', ${admin.json({ key })}::json)`;
    },
    async fill(n) {
      await admin`select graphile_worker.add_job('noop', '{}'::json) from generate_series(1, ${n})`;
    },
    async remaining() {
      const [row] = await admin<{ n: string }[]>`select count(*) as n from graphile_worker._private_jobs`;
      return Number(row?.n);
    },
    async close() {
      await pgPool.end();
      await admin.end();
    },
  };
}

function silentLogger() {
  // graphile-worker wants its Logger: this one drops everything but errors.
  return new Logger(() => (level: string, message: string) => {
    if (level === 'error') console.error(`graphile-worker: ${message}`);
  });
}
