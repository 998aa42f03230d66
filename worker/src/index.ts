/** @tagwright/worker: the queue runtime and job kinds. */
export { isRetryable, JobAbort, PermanentError, RetryableError } from './errors.ts';
export { allHandlers } from './kinds/index.ts';
export { createLogger, type Logger } from './log.ts';
export { type ProcessResources, processResources } from './pipeline/process-resources.ts';
export type { JobContext, JobHandler } from './runtime/job-context.ts';
export { defaultWorkerId, Worker, type WorkerOptions } from './runtime/worker.ts';
