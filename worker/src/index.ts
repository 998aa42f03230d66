/** @tagwright/worker: the queue runtime and job kinds. */

export { launchBrowser, type WorkerBrowser } from './browser/launch-browser.ts';
export { CrawlError, createCrawler, parseAllowHosts } from './crawl/index.ts';
export { isRetryable, JobAbort, PermanentError, RetryableError } from './errors.ts';
export { type Candidate, decide, type Extraction, extractPage, ocrPriceCandidates, ocrTargets } from './extract/index.ts';
export { allHandlers } from './kinds/index.ts';
export { createLogger, type Logger } from './log.ts';
export { type OcrPool, startOcrPool } from './ocr/ocr-pool.ts';
export { type ProcessResources, processResources } from './pipeline/process-resources.ts';
export type { JobContext, JobHandler } from './runtime/job-context.ts';
export { defaultWorkerId, Worker, type WorkerOptions } from './runtime/worker.ts';
