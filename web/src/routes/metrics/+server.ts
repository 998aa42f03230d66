/**
 * GET /metrics: Prometheus metrics (jobs, queue, pickup latency, stage durations, workers, webhook
 * deliveries; this process's memory). Open unless METRICS_TOKEN is set, then it needs
 * `Authorization: Bearer <METRICS_TOKEN>`.
 */
import { PROMETHEUS_CONTENT_TYPE, tagwrightMetrics } from '@tagwright/worker/metrics';
import { env } from '$env/dynamic/private';
import { db } from '$lib/server/db.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ request }) => {
  if (env.METRICS_TOKEN && request.headers.get('authorization') !== `Bearer ${env.METRICS_TOKEN}`)
    return new Response('Send Authorization: Bearer <METRICS_TOKEN>.\n', { status: 401, headers: { 'www-authenticate': 'Bearer' } });
  return new Response(await tagwrightMetrics(db(), { name: 'dashboard' }), {
    headers: { 'content-type': PROMETHEUS_CONTENT_TYPE, 'cache-control': 'no-store' },
  });
};
