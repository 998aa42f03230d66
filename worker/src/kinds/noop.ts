/** Job kind `noop`: waits `sleep_ms` (abortably), then succeeds or fails as asked. For tests and benchmarks. */

import { setTimeout as sleep } from 'node:timers/promises';
import type { NoopParams } from '@tagwright/shared';
import { PermanentError, RetryableError } from '../errors.ts';
import type { JobHandler } from '../runtime/job-context.ts';

export const noopHandler: JobHandler<NoopParams> = {
  kind: 'noop',
  async run(ctx) {
    const { sleep_ms, fail } = ctx.params;
    if (sleep_ms > 0) {
      ctx.progress('crawling', 0);
      await sleep(sleep_ms, undefined, { signal: ctx.signal });
    }
    if (fail === 'retryable') throw new RetryableError(`noop asked to fail (retryable) on attempt ${ctx.job.attempts}`);
    if (fail === 'permanent') throw new PermanentError('noop asked to fail (permanent)');
    // The side effect tests count: exactly one per job that succeeds.
    await ctx.event('noop:done', { attempt: ctx.job.attempts, slept_ms: sleep_ms });
    return { slept_ms: sleep_ms };
  },
};
