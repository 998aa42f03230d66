/**
 * pg-boss 10 under the same benchmark. It has no LISTEN wake-up: consumers poll (0.5 s is its
 * minimum) and pause that long between fetches, so `batchSize` is its lever for throughput.
 */
import PgBoss from 'pg-boss';
import { connect } from '../../shared/src/db.ts';
import type { QueueUnderTest } from './measure.ts';

export async function pgBossQueue(url: string, batchSize: number): Promise<QueueUnderTest> {
  const boss = new PgBoss({ connectionString: url, schema: 'pgboss', supervise: false, schedule: false });
  boss.on('error', (error) => console.error('pg-boss:', error.message));
  await boss.start();
  const queue = `noop_${batchSize}`;
  await boss.createQueue(queue);
  const admin = connect(url, { max: 2 });
  let workers: string[] = [];
  return {
    async start(concurrency, onStart) {
      for (let i = 0; i < concurrency; i++) {
        workers.push(
          await boss.work<{ key?: string }>(queue, { batchSize, pollingIntervalSeconds: 0.5 }, async (jobs) => {
            for (const job of jobs) onStart(job.data.key ?? '');
          }),
        );
      }
    },
    async stop() {
      for (const id of workers) await boss.offWork({ id });
      workers = [];
    },
    async insertOne(key) {
      await boss.send(queue, { key });
    },
    async fill(n) {
      for (let i = 0; i < n; i += 1000) await boss.insert(Array.from({ length: Math.min(1000, n - i) }, () => ({ name: queue, data: {} })));
    },
    async remaining() {
      const [row] = await admin<{ n: string }[]>`
        select count(*) as n from pgboss.job where name = ${queue} and state in ('created', 'retry', 'active')`;
      return Number(row?.n);
    },
    async close() {
      await boss.stop({ graceful: false, wait: true });
      await admin.end();
    },
  };
}
