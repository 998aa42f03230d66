/**
 * How fast an integration test gets its own migrated Postgres: the one-off template build, then
 * repeated copy + start + first query. Prints one JSON line. Target: ≤ 2 s per fresh Postgres.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildTemplates, startTestPostgres } from '../stack/src/testing/test-postgres.ts';

const runs = Number(process.env.BENCH_RUNS ?? 10);
const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-bench-pg-'));
await fs.chmod(root, 0o755);
try {
  let t = performance.now();
  const templates = await buildTemplates(root);
  const templateS = (performance.now() - t) / 1000;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    const db = await startTestPostgres(templates.migrated);
    await db.sql`select count(*) from public.jobs`;
    times.push((performance.now() - t) / 1000);
    await db.stop();
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => Number((times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(3));
  console.log(
    JSON.stringify({
      bench: 'fresh_postgres',
      runs,
      template_build_s: Number(templateS.toFixed(2)),
      p50_s: at(0.5),
      max_s: at(1),
      target_s: 2,
    }),
  );
} finally {
  await fs.rm(root, { recursive: true, force: true });
}
