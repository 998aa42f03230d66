/**
 * Runs one claimed job to its end: validates params, runs the handler under an AbortSignal (cancel,
 * timeout, lost lease, shutdown), then records the outcome — succeeded, retry or failed, canceled,
 * or released — with writes guarded by the job lock.
 */
import { parseJobParams, type Sql } from '@tagwright/shared';
import { errorMessage, isRetryable, JobAbort } from '../errors.ts';
import type { Logger } from '../log.ts';
import { appendEvent } from '../queue/append-event.ts';
import { cancelJob } from '../queue/cancel-job.ts';
import { completeJob } from '../queue/complete-job.ts';
import { failJob } from '../queue/fail-job.ts';
import { releaseJob } from '../queue/release-job.ts';
import { type Backoff, type JobLock, type JobRow, lockOf } from '../queue/types.ts';
import { updateProgress } from '../queue/update-progress.ts';
import type { JobContext, JobHandler } from './job-context.ts';
import { ProgressWriter } from './progress-writer.ts';

export interface RunJobOptions {
  sql: Sql;
  workerId: string;
  log: Logger;
  backoff: Backoff;
  defaultTimeoutMs: number;
  handler: JobHandler<never>;
}

export interface RunningJob {
  lock: JobLock;
  abort(reason: JobAbort): void;
  /** Settles once the job's outcome is recorded (or recording failed and was logged). */
  done: Promise<void>;
}

export function startJob(job: JobRow, options: RunJobOptions): RunningJob {
  const controller = new AbortController();
  const lock = lockOf(job, options.workerId);
  return {
    lock,
    abort: (reason) => {
      if (!controller.signal.aborted) controller.abort(reason);
    },
    done: runJob(job, lock, controller, options),
  };
}

function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

async function runJob(job: JobRow, lock: JobLock, controller: AbortController, options: RunJobOptions): Promise<void> {
  const { sql, backoff } = options;
  const log = options.log.child({ job_id: job.id, kind: job.kind, attempt: job.attempts });
  const { signal } = controller;
  log.info({ event: 'job:started', max_attempts: job.max_attempts }, 'job started');

  const parsed = parseJobParams(job.kind, job.params);
  if (!parsed.ok) {
    await settle(log, 'job:failed', () => failJob(sql, lock, parsed.error, false, backoff), { error: parsed.error });
    return;
  }
  const params = parsed.params as { timeout_seconds?: number };
  const timeoutMs = params.timeout_seconds ? params.timeout_seconds * 1000 : options.defaultTimeoutMs;
  const timer = setTimeout(() => controller.abort(new JobAbort('timeout', `Job timed out after ${timeoutMs / 1000} s`)), timeoutMs);

  const progress = new ProgressWriter(
    (stage, percent) => updateProgress(sql, lock, stage, percent),
    (error) => log.warn({ err: error }, 'progress write failed'),
  );
  const ctx: JobContext<never> = {
    job,
    params: parsed.params as never,
    signal,
    log,
    sql,
    progress: (stage, percent) => {
      if (!signal.aborted) progress.set(stage, percent);
    },
    event: async (type, payload = {}) => {
      signal.throwIfAborted();
      await appendEvent(sql, job, type, payload);
    },
  };

  try {
    const summary = await Promise.race([options.handler.run(ctx), untilAborted(signal)]);
    signal.throwIfAborted();
    await progress.flush();
    await settle(log, 'job:succeeded', () => completeJob(sql, lock, summary ?? {}));
  } catch (thrown) {
    progress.stop();
    const reason: unknown = signal.aborted ? signal.reason : thrown;
    await recordFailure(reason, lock, log, options);
  } finally {
    clearTimeout(timer);
  }
}

async function recordFailure(reason: unknown, lock: JobLock, log: Logger, { sql, backoff }: RunJobOptions): Promise<void> {
  if (reason instanceof JobAbort) {
    switch (reason.kind) {
      case 'canceled':
        return settle(log, 'job:canceled', () => cancelJob(sql, lock));
      case 'shutdown':
        return settle(log, 'job:released', () => releaseJob(sql, lock));
      case 'lease_lost':
        log.warn({ event: 'job:lease_lost' }, 'lost the lease (another worker may have it now); stopped working on it');
        return;
      case 'timeout':
        return settle(log, 'job:timeout', () => failJob(sql, lock, reason.message, true, backoff), { error: reason.message });
    }
  }
  const message = errorMessage(reason);
  const retryable = isRetryable(reason);
  await settle(log, 'job:error', () => failJob(sql, lock, message, retryable, backoff), { error: message, retryable });
}

/** Records an outcome; if we no longer hold the job or the write fails, says so in the log (the reaper recovers the job). */
async function settle(log: Logger, event: string, write: () => Promise<unknown>, fields: Record<string, unknown> = {}): Promise<void> {
  try {
    const result = await write();
    if (result === false || result === undefined) {
      log.warn({ event, ...fields }, 'outcome not recorded: this worker no longer holds the job');
    } else {
      log.info({ event, ...fields, ...(typeof result === 'object' ? result : {}) }, event);
    }
  } catch (error) {
    log.error({ event, err: error, ...fields }, 'could not record the outcome; the lease will expire and the job will be taken back');
  }
}
