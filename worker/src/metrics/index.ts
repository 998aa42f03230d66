/** @tagwright/worker/metrics: Prometheus metrics for the worker process and the dashboard. */
export { Exposition, PROMETHEUS_CONTENT_TYPE } from './exposition.ts';
export { tagwrightMetrics } from './tagwright-metrics.ts';
