/**
 * Realtime change source benchmark on a fresh Postgres: latency from sending a single-row autocommit
 * INSERT to its change being emitted (an upper bound of commit → emit; sequential, idle otherwise),
 * and throughput (changes/s) of one 100k-row transaction and of 20k one-row transactions.
 * Writes use synchronous_commit=on like the local stack (the test clusters turn it off, and then a
 * walsender only sees a commit when the WAL writer flushes it, up to wal_writer_delay = 200 ms later).
 * Prints one JSON line. BENCH_SAMPLES (default 2000) and BENCH_ROWS (default 100000) change the sizes.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { connect } from '@tagwright/shared/db';
import { ChangeSource } from '../stack/src/realtime/change-source.ts';
import type { Change } from '../stack/src/realtime/changes.ts';
import { buildTemplates, startTestPostgres } from '../stack/src/testing/test-postgres.ts';

const samples = Number(process.env.BENCH_SAMPLES ?? 2000);
const rows = Number(process.env.BENCH_ROWS ?? 100_000);
const transactions = 20_000;
const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-bench-realtime-'));
await fs.chmod(root, 0o755);
try {
  const db = await startTestPostgres((await buildTemplates(root)).migrated);
  const source = new ChangeSource({ url: db.url });
  const sql = connect(db.url, { max: 1, connection: { synchronous_commit: 'on' } });
  try {
    await db.sql`create table bench_changes (id int8 primary key, n int not null, note text)`;
    await db.sql`alter publication supabase_realtime add table bench_changes`;
    let onChange: (change: Change) => void = () => {};
    source.on('change', (change) => onChange(change));
    await source.start();

    /** Runs `write` and resolves when `count` changes were emitted, with the time of the last one. */
    const emitted = async (count: number, write: () => Promise<unknown>) => {
      let seen = 0;
      const done = new Promise<number>((resolve) => {
        onChange = () => {
          if (++seen === count) resolve(performance.now());
        };
      });
      const started = performance.now();
      await write();
      const written = performance.now();
      return { started, written, last: await done };
    };

    const latencies: number[] = [];
    for (let i = 0; i < samples + 100; i++) {
      const { started, last } = await emitted(1, () => sql`insert into bench_changes values (${i}, 0, 'x')`);
      if (i >= 100) latencies.push(last - started); // the first 100 warm up connections and caches
    }
    latencies.sort((a, b) => a - b);

    const bulk = await emitted(
      rows,
      () => sql`insert into bench_changes select g, g, 'row ' || g from generate_series(1000000, ${999_999 + rows}) g`,
    );
    const separate = await emitted(transactions, () =>
      sql.unsafe(`do $$ begin for i in 1..${transactions} loop update bench_changes set n = i where id = 0; commit; end loop; end $$`),
    );

    const quantile = (q: number) => Number((latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0).toFixed(3));
    console.log(
      JSON.stringify({
        bench: 'realtime_source',
        p50_ms: quantile(0.5),
        p99_ms: quantile(0.99),
        changes_per_s: Math.round(rows / ((bulk.last - bulk.written) / 1000)),
        one_row_transactions_per_s: Math.round(transactions / ((separate.last - separate.started) / 1000)),
        latency: 'single-row autocommit insert sent -> change emitted, sequential',
        changes_per_s_of: `one ${rows}-row transaction, from its commit to the last change emitted`,
        samples,
        cores: os.availableParallelism(),
      }),
    );
  } finally {
    await source.stop();
    await sql.end();
    await db.stop();
  }
} finally {
  await fs.rm(root, { recursive: true, force: true });
}
process.exit(0);
