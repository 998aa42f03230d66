/** @tagwright/worker/metrics: Prometheus metrics for the worker process and the dashboard. */
export { Exposition, PROMETHEUS_CONTENT_TYPE } from './exposition.ts';
export { type LiveWorker, liveWorkers, type QueueSnapshot, queueSnapshot } from './queue-snapshot.ts';
export { tagwrightMetrics } from './tagwright-metrics.ts';
