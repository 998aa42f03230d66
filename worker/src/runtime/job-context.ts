/** What a stage gets to work with: the job, its params, an AbortSignal, progress and events, a logger. */
import type { Sql } from '@tagwright/shared';
import type { Logger } from '../log.ts';
import type { JobRow } from '../queue/types.ts';
import type { JobStage } from '../queue/update-progress.ts';

export interface JobContext<P = unknown> {
  job: JobRow;
  params: P;
  /** Aborted on cancel, timeout, lost lease or shutdown; `signal.reason` is a JobAbort saying which. */
  signal: AbortSignal;
  log: Logger;
  /** The database, for stages that write their own rows (guard writes with the job id). */
  sql: Sql;
  /** Reports stage and percent; throttled to a few row updates per second, the last value always written. */
  progress(stage: JobStage, percent: number): void;
  /** Appends to the job's event feed (job_events). Throws the abort reason once the job was aborted. */
  event(type: string, payload?: Record<string, unknown>): Promise<void>;
}

/** A kind of job the worker can run. Its params schema lives in shared/ (jobParamsByKind). */
export interface JobHandler<P = unknown> {
  kind: string;
  /** Returns the job's summary (stored on the row when it succeeds). */
  run(ctx: JobContext<P>): Promise<Record<string, unknown> | undefined>;
}
