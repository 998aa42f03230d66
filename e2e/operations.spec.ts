/** The dashboard's operations endpoints on a running `tagwright start`: /api/health reports each dependency and the workers; /metrics is Prometheus text. */
import { expect, test } from '@playwright/test';

test('health names the database, Realtime, Storage and the workers seen; metrics count the jobs', async ({ request }) => {
  const health = await request.get('/api/health');
  expect(health.status()).toBe(200);
  const body = await health.json();
  expect(body).toMatchObject({ ok: true, db: 'ok', realtime: 'ok', storage: 'ok', schema: expect.stringMatching(/^\d{14}$/) });
  expect(body.workers.seen).toBeGreaterThanOrEqual(1);
  expect(health.headers()['cache-control']).toBe('no-store');

  const metrics = await request.get('/metrics');
  expect(metrics.status()).toBe(200);
  expect(metrics.headers()['content-type']).toContain('version=0.0.4');
  const text = await metrics.text();
  expect(text).toMatch(/^# TYPE tagwright_jobs gauge$/m);
  expect(text).toMatch(/^tagwright_workers_seen [1-9]\d*$/m);
  expect(text).toMatch(/^tagwright_job_pickup_seconds_bucket\{le="\+Inf"\} \d+$/m);
  expect(text).toMatch(/^process_resident_memory_bytes \d+$/m);
});
