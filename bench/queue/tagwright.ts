/** Tagwright's queue under the benchmark: the real Worker with a handler that only reports its start. */
import { connect, type Sql } from '../../shared/src/db.ts';
import { createLogger, Worker } from '../../worker/src/index.ts';
import type { QueueUnderTest } from './measure.ts';

export async function tagwrightQueue(url: string): Promise<QueueUnderTest> {
  const admin = connect(url, { max: 2 });
  const [ws] = await admin<{ id: string }[]>`insert into workspaces (name) values ('bench') returning id`;
  const workspace = ws?.id ?? '';
  let pool: Sql | undefined;
  let worker: Worker | undefined;
  return {
    async start(concurrency, onStart) {
      pool = connect(url, { max: concurrency + 3 });
      worker = new Worker({
        sql: pool,
        log: createLogger({}, { write: () => {} }),
        concurrency,
        pollIntervalMs: 60_000,
        handlers: [
          {
            kind: 'noop',
            run: async (ctx) => {
              onStart((ctx.job.params as { key?: string }).key ?? '');
              return {};
            },
          },
        ],
      });
      await worker.start();
    },
    async stop() {
      await worker?.stop();
      await pool?.end();
    },
    async insertOne(key) {
      await admin`insert into jobs (workspace_id, kind, params) values (${workspace}, 'noop', ${admin.json({ key })})`;
    },
    async fill(n) {
      await admin`insert into jobs (workspace_id, kind, params) select ${workspace}, 'noop', '{}' from generate_series(1, ${n})`;
    },
    async remaining() {
      const [row] = await admin<{ n: string }[]>`select count(*) as n from jobs where status in ('queued', 'running')`;
      return Number(row?.n);
    },
    close: () => admin.end(),
  };
}
