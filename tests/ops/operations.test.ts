/**
 * Operations with real worker processes configured by env only: each keeps its row in
 * public.workers (gone from "seen" once stopped), `tagwright status` reports the queue and the
 * workers (text and --json), and a worker's /metrics (WORKER_METRICS_PORT) is valid Prometheus text
 * with the numbers the database holds.
 */
import { freePort } from '@tagwright/stack';
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCliToEnd } from '../cli/run-cli.ts';
import { createWorkspace, startWorkers, stopWorkers, waitListening } from '../queue/worker-processes.ts';

let db: TestPostgres;
let ws = '';
beforeAll(async () => {
  db = await testPostgres();
  ws = await createWorkspace(db.sql, 'Ops');
});
afterAll(() => db?.stop());

/** Prometheus text: every line a comment (# HELP/# TYPE) or `name{labels} value`; returns the samples. */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.trimEnd().split('\n')) {
    if (/^# (HELP|TYPE) [a-z_:][a-z0-9_:]* .+$/.test(line)) continue;
    const match = /^([a-z_:][a-z0-9_:]*(?:\{(?:[a-z_]+="(?:[^"\\]|\\.)*",?)*\})?) (-?[0-9.e+]+|\+Inf|NaN)$/i.exec(line);
    if (!match?.[1] || match[2] === undefined) throw new Error(`not Prometheus text: ${line}`);
    samples.set(match[1], Number(match[2]));
  }
  return samples;
}

test('workers are seen, status and /metrics report the queue; stopped workers stop being seen', async () => {
  const { sql } = db;
  const metricsPort = await freePort();
  const workers = [
    ...startWorkers(1, db.url, { WORKER_METRICS_PORT: String(metricsPort) }, 'ops-a'),
    ...startWorkers(1, db.url, {}, 'ops-b'),
  ];
  try {
    await waitListening(sql, 2);
    await sql`insert into jobs (workspace_id, kind) select ${ws}, 'noop' from generate_series(1, 3)`;
    await sql`insert into jobs (workspace_id, kind, run_at) select ${ws}, 'noop', now() + interval '1 hour' from generate_series(1, 2)`;
    await expect
      .poll(async () => (await sql`select count(*)::int as n from jobs where status = 'succeeded'`)[0]?.n, { timeout: 30_000 })
      .toBe(3);

    const json = await runCliToEnd(['status', '--json'], { DATABASE_URL: db.url });
    expect(json.code).toBe(0);
    const status = JSON.parse(json.stdout.trim().split('\n').at(-1) ?? '{}');
    expect(status).toMatchObject({
      jobs: { succeeded: 3, queued: 2 },
      by_kind: { noop: { succeeded: 3, queued: 2 } },
      queue: { due: 0, delayed: 2, oldest_due_seconds: null },
      webhooks: {},
    });
    expect(status.workers.map((w: { id: string }) => w.id)).toEqual(['ops-a1', 'ops-b1']);
    expect(status.workers[0]).toMatchObject({ running: 0, concurrency: 4 });
    const text = await runCliToEnd(['status'], { DATABASE_URL: db.url });
    expect(text.stdout).toContain('Jobs      2 queued · 3 succeeded');
    expect(text.stdout).toContain('Queue     0 due now, 2 delayed');
    expect(text.stdout).toContain('Workers   2 seen in the last minute');
    expect(text.stdout).not.toContain('postgres:postgres'); // the URL is shown without its password

    const response = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain; version=0.0.4');
    const samples = parseExposition(await response.text());
    expect(samples.get('tagwright_jobs{status="succeeded",kind="noop"}')).toBe(3);
    expect(samples.get('tagwright_jobs{status="queued",kind="noop"}')).toBe(2);
    expect(samples.get('tagwright_queue_depth')).toBe(0);
    expect(samples.get('tagwright_queue_delayed')).toBe(2);
    expect(samples.get('tagwright_workers_seen')).toBe(2);
    expect(samples.get('tagwright_job_pickup_seconds_count')).toBe(3);
    expect(samples.get('tagwright_job_pickup_seconds_bucket{le="+Inf"}')).toBe(3);
    expect(samples.get('process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect((await fetch(`http://127.0.0.1:${metricsPort}/other`)).status).toBe(404);
  } finally {
    expect(await stopWorkers(workers)).toEqual([0, 0]);
  }
  const rows = await sql<{ id: string; stopped: boolean }[]>`select id, stopped_at is not null as stopped from workers order by id`;
  expect(rows).toEqual([
    { id: 'ops-a1', stopped: true },
    { id: 'ops-b1', stopped: true },
  ]);
  const after = await runCliToEnd(['status', '--json'], { DATABASE_URL: db.url });
  expect(JSON.parse(after.stdout.trim()).workers).toEqual([]);
}, 120_000);
