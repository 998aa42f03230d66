/**
 * The worker's JSON logs: every line about a job carries its job_id (so one grep follows a job),
 * and no line carries a secret — not the database password, not a service key, not an API key.
 */
import { connect } from '@tagwright/shared/db';
import { expect, test } from 'vitest';
import { noopHandler } from '../../worker/src/kinds/noop.ts';
import { Worker } from '../../worker/src/runtime/worker.ts';
import { collectingLog, insertJob, useQueueTestDb } from '../../worker/src/testing.ts';

const ctx = useQueueTestDb();

test('lines about jobs name the job; no line holds a password or key', async () => {
  const { log, lines } = collectingLog();
  const sql = connect(ctx.db.url, { max: 4 });
  const serviceKey = 'eyJhbGciOiJIUzI1NiJ9.service-role-secret.signature';
  const worker = new Worker({
    sql,
    log,
    handlers: [noopHandler as never],
    concurrency: 2,
    leaseSeconds: 2,
    functionsUrl: `http://127.0.0.1:9/functions/v1?key=${serviceKey}`,
  });
  await worker.start();
  try {
    const ok = await insertJob(ctx.db.sql, ctx.ws, { kind: 'noop' });
    const bad = await insertJob(ctx.db.sql, ctx.ws, { kind: 'noop', params: { fail: 'permanent' }, max_attempts: 1 });
    const invalid = await insertJob(ctx.db.sql, ctx.ws, { kind: 'noop', params: { sleep_ms: 'long' } });
    await expect
      .poll(async () => (await ctx.db.sql`select count(*)::int as n from jobs where status in ('succeeded', 'failed')`)[0]?.n, {
        timeout: 20_000,
      })
      .toBe(3);
    const ids = [ok.id, bad.id, invalid.id];
    const aboutJobs = lines.filter(
      (line) => String(line.event ?? '').startsWith('job:') || ids.some((id) => JSON.stringify(line).includes(id)),
    );
    expect(aboutJobs.length).toBeGreaterThanOrEqual(3);
    for (const line of aboutJobs) expect(line.job_id, JSON.stringify(line)).toMatch(/^[0-9a-f-]{36}$/);
    for (const id of ids) expect(aboutJobs.some((line) => line.job_id === id)).toBe(true);
  } finally {
    await worker.stop();
    await sql.end();
  }
  const all = lines.map((line) => JSON.stringify(line)).join('\n');
  const password = new URL(ctx.db.url).password;
  expect(password.length).toBeGreaterThan(0);
  expect(all).not.toContain(`:${password}@`);
  expect(all).not.toContain('service-role-secret');
  expect(all).not.toMatch(/tw_[0-9a-f]{8}_[0-9a-f]{64}/);
});
