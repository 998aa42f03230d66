/**
 * Throttles a job's progress writes: each is a realtime message, so at most one per interval
 * (default 250 ms = 4/s); a stage change is written at once, and flush() always writes the last value.
 */
import type { JobStage } from '../queue/update-progress.ts';

export type WriteProgress = (stage: JobStage, percent: number) => Promise<unknown>;

export class ProgressWriter {
  private pending: { stage: JobStage; percent: number } | undefined;
  private written: { stage: JobStage; percent: number } | undefined;
  private lastWriteAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: WriteProgress,
    private readonly onError: (error: unknown) => void,
    private readonly intervalMs = 250,
  ) {}

  set(stage: JobStage, percent: number): void {
    if (!Number.isFinite(percent)) throw new TypeError(`progress percent must be a finite number (got ${percent})`);
    const value = { stage, percent: Math.max(0, Math.min(100, Math.round(percent))) };
    this.pending = value;
    const stageChanged = this.written !== undefined && this.written.stage !== stage;
    const wait = this.lastWriteAt + this.intervalMs - Date.now();
    if (stageChanged || wait <= 0) {
      this.writeNow();
    } else if (!this.timer) {
      this.timer = setTimeout(() => this.writeNow(), wait);
    }
  }

  /** Writes what is pending (if anything) and waits for every write so far. */
  flush(): Promise<void> {
    this.writeNow();
    return this.chain;
  }

  /** Drops what is pending and stops the timer (the job ended another way). */
  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = undefined;
  }

  private writeNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const value = this.pending;
    this.pending = undefined;
    if (!value || (this.written?.stage === value.stage && this.written.percent === value.percent)) return;
    this.written = value;
    this.lastWriteAt = Date.now();
    this.chain = this.chain.then(() => this.write(value.stage, value.percent).then(() => undefined, this.onError));
  }
}
