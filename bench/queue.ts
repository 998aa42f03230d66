/**
 * Queue benchmark: pickup latency (insert commit → handler start, sequential single inserts into
 * idle consumers) and throughput (no-op jobs/s by 4 consumers from a pre-filled queue), for
 * Tagwright, graphile-worker and pg-boss on the same fresh Postgres. Prints one JSON line.
 * BENCH_PICKUP (default 500) and BENCH_JOBS (default 20000) change the sizes.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildTemplates, startTestPostgres } from '../stack/src/testing/test-postgres.ts';
import { graphileWorkerQueue } from './queue/graphile-worker.ts';
import { measureQueue } from './queue/measure.ts';
import { pgBossQueue } from './queue/pg-boss.ts';
import { tagwrightQueue } from './queue/tagwright.ts';

const pickupSamples = Number(process.env.BENCH_PICKUP ?? 500);
const jobs = Number(process.env.BENCH_JOBS ?? 20_000);
const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-bench-queue-'));
await fs.chmod(root, 0o755);
const templates = await buildTemplates(root);
const results: Record<string, unknown> = { bench: 'queue' };
try {
  const runs: [string, (url: string) => Promise<import('./queue/measure.ts').QueueUnderTest>][] = [
    ['tagwright', tagwrightQueue],
    ['graphile_worker', graphileWorkerQueue],
    ['pg_boss', (url) => pgBossQueue(url, 1)],
    ['pg_boss_batch100', (url) => pgBossQueue(url, 100)],
  ];
  for (const [name, make] of runs) {
    const db = await startTestPostgres(templates.migrated); // each queue on its own fresh Postgres, same settings
    try {
      // pg-boss polls (0.5 s at least) and pauses that long between fetches: its pickup and batch-1
      // rate are set by that interval, so fewer samples measure them as well and keep the run short.
      const samples = name.startsWith('pg_boss') ? Math.min(pickupSamples, 100) : pickupSamples;
      const count = name === 'pg_boss' ? Math.min(jobs, 400) : jobs;
      console.error(`queue bench: ${name}…`);
      results[name] = { ...(await measureQueue(await make(db.url), samples, count)), pickup_samples: samples, jobs: count };
    } finally {
      await db.stop();
    }
  }
  results.ratios = ratios(results);
  results.cores = os.availableParallelism();
  console.log(JSON.stringify(results));
} finally {
  await fs.rm(root, { recursive: true, force: true });
}
process.exit(0);

function ratios(r: Record<string, unknown>) {
  const get = (name: string) => r[name] as { pickup_p50_ms: number; jobs_per_s: number };
  const t = get('tagwright');
  return {
    pickup_p50_vs_graphile: Number((t.pickup_p50_ms / get('graphile_worker').pickup_p50_ms).toFixed(2)),
    jobs_per_s_vs_pg_boss: Number((t.jobs_per_s / get('pg_boss').jobs_per_s).toFixed(2)),
    jobs_per_s_vs_pg_boss_batch100: Number((t.jobs_per_s / get('pg_boss_batch100').jobs_per_s).toFixed(2)),
    jobs_per_s_vs_graphile: Number((t.jobs_per_s / get('graphile_worker').jobs_per_s).toFixed(2)),
  };
}
