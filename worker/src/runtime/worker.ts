/**
 * A worker process's queue runtime: claims up to `concurrency` jobs at a time and runs them.
 * Wakes at once on `tagwright_jobs` notifications (and when a delayed job comes due), polls slowly
 * as a fallback, renews leases, aborts jobs that are canceled or whose lease was lost, reaps jobs of
 * dead workers, keeps its row in public.workers fresh (presence), and shuts down gracefully
 * (finish within the grace period, then release).
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type { Sql } from '@tagwright/shared';
import { JobAbort } from '../errors.ts';
import type { Logger } from '../log.ts';
import { claimJobs } from '../queue/claim-jobs.ts';
import { failUnrunnableJobs } from '../queue/fail-unrunnable-jobs.ts';
import { findCancelRequests } from '../queue/find-cancel-requests.ts';
import { nextJobDueInMs } from '../queue/next-job-due.ts';
import { reapExpiredJobs } from '../queue/reap-expired-jobs.ts';
import { releaseJob } from '../queue/release-job.ts';
import { renewLeases } from '../queue/renew-leases.ts';
import { type Backoff, lockOf } from '../queue/types.ts';
import { announceFunctionsUrl, dispatchDueWebhooks } from '../queue/webhook-dispatch.ts';
import type { JobHandler } from './job-context.ts';
import { announcePresence, markStopped, refreshPresence } from './presence.ts';
import { type RunningJob, startJob } from './run-job.ts';

export interface WorkerOptions {
  sql: Sql;
  handlers: JobHandler<never>[];
  log: Logger;
  concurrency?: number;
  workerId?: string;
  pollIntervalMs?: number;
  leaseSeconds?: number;
  heartbeatMs?: number;
  /** How often the worker's row in public.workers is refreshed (15 s). */
  presenceMs?: number;
  /** A queued job due this long whose kind no worker seen meanwhile runs is failed (600 s). */
  unrunnableAfterSeconds?: number;
  cancelCheckMs?: number;
  reapIntervalMs?: number;
  defaultTimeoutMs?: number;
  shutdownGraceMs?: number;
  backoff?: Partial<Backoff>;
  /** Where the Supabase functions are (…/functions/v1): announced to the database for webhooks. */
  functionsUrl?: string;
  /** The dashboard's address, for links in webhook messages. */
  siteUrl?: string;
}

type State = 'new' | 'running' | 'draining' | 'stopped';

export function defaultWorkerId(): string {
  return `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

export class Worker {
  readonly id: string;
  private state: State = 'new';
  private readonly running = new Map<string, RunningJob>();
  private readonly handlers: Map<string, JobHandler<never>>;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly unlisten: (() => Promise<void>)[] = [];
  private wakeTimer: { at: number; timer: NodeJS.Timeout } | undefined;
  private wakeQuery: Promise<void> | undefined;
  private wakeAgain = false;
  private stopping: Promise<void> | undefined;
  private pumping = false;
  private pumpAgain = false;
  private readonly log: Logger;
  private readonly o: Required<Omit<WorkerOptions, 'backoff' | 'workerId' | 'functionsUrl' | 'siteUrl'>> & { backoff: Backoff };

  constructor(private readonly options: WorkerOptions) {
    this.id = options.workerId ?? defaultWorkerId();
    const leaseSeconds = options.leaseSeconds ?? 30;
    this.o = {
      concurrency: 4,
      pollIntervalMs: 2000,
      leaseSeconds,
      heartbeatMs: Math.max(200, (leaseSeconds * 1000) / 3),
      presenceMs: 15_000,
      unrunnableAfterSeconds: 600,
      cancelCheckMs: 1000,
      reapIntervalMs: Math.max(500, (leaseSeconds * 1000) / 2),
      defaultTimeoutMs: 30 * 60_000,
      shutdownGraceMs: 30_000,
      ...options,
      backoff: { baseMs: 2000, capMs: 300_000, ...options.backoff },
    };
    this.handlers = new Map(options.handlers.map((h) => [h.kind, h]));
    this.log = options.log.child({ worker: this.id });
  }

  get kinds(): string[] {
    return [...this.handlers.keys()];
  }

  get activeJobs(): number {
    return this.running.size;
  }

  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`worker ${this.id} was already started`);
    this.state = 'running';
    const { sql } = this.o;
    if (this.options.functionsUrl) await announceFunctionsUrl(sql, this.options.functionsUrl, this.options.siteUrl);
    const jobs = await sql.listen(
      'tagwright_jobs',
      (payload) => this.onJobQueued(payload),
      () => this.pump(), // (re)connected: catch up on anything missed while not listening
    );
    const cancels = await sql.listen('tagwright_job_cancel', (payload) => this.onCancel(payload));
    this.unlisten.push(jobs.unlisten, cancels.unlisten);
    this.every(this.o.pollIntervalMs, () => this.pump());
    this.every(this.o.heartbeatMs, () => this.heartbeat());
    this.every(this.o.cancelCheckMs, () => this.checkCancels());
    this.every(this.o.reapIntervalMs, () => this.reap(), true);
    await announcePresence(sql, this.presence());
    this.every(this.o.presenceMs, () => this.refreshPresence());
    this.scheduleWake();
    this.log.info({ event: 'worker:started', kinds: this.kinds, concurrency: this.o.concurrency }, 'worker started');
    this.pump();
  }

  /** Stops claiming, lets running jobs finish within the grace period, then releases the rest. Idempotent. */
  stop(graceMs = this.o.shutdownGraceMs): Promise<void> {
    this.stopping ??= this.drain(graceMs);
    return this.stopping;
  }

  private async drain(graceMs: number): Promise<void> {
    this.state = 'draining';
    for (const timer of this.timers) clearInterval(timer);
    clearTimeout(this.wakeTimer?.timer);
    this.log.info({ event: 'worker:draining', active: this.running.size, grace_ms: graceMs }, 'stopping: no new jobs');
    const all = () => Promise.all([...this.running.values()].map((j) => j.done));
    let graceTimer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      all().then(() => true),
      new Promise<boolean>((r) => {
        graceTimer = setTimeout(r, graceMs, false);
      }),
    ]);
    clearTimeout(graceTimer);
    if (!finished) {
      for (const job of this.running.values()) job.abort(new JobAbort('shutdown', 'The worker is shutting down'));
      await all();
    }
    await Promise.all(this.unlisten.map((u) => u().catch((error) => this.log.warn({ err: error }, 'unlisten failed'))));
    await markStopped(this.o.sql, this.id).catch((error) => this.log.warn({ err: error }, 'could not mark this worker stopped'));
    this.state = 'stopped';
    this.log.info({ event: 'worker:stopped' }, 'worker stopped');
  }

  private presence() {
    return { id: this.id, kinds: this.kinds, concurrency: this.o.concurrency, running: this.running.size };
  }

  private async refreshPresence(): Promise<void> {
    try {
      await refreshPresence(this.o.sql, this.id, this.running.size);
    } catch (error) {
      this.log.warn({ err: error }, "could not refresh this worker's presence; will retry");
    }
  }

  private every(ms: number, fn: () => unknown, jitter = false): void {
    const interval = jitter ? ms * (0.8 + Math.random() * 0.4) : ms;
    const timer = setInterval(fn, interval);
    timer.unref();
    this.timers.push(timer);
  }

  private onJobQueued(payload: string): void {
    let delayed = false;
    try {
      const parsed = JSON.parse(payload) as { kind?: string; delayed?: boolean };
      if (parsed.kind && !this.handlers.has(parsed.kind)) return;
      delayed = parsed.delayed === true; // decided by the database's clock, not ours
    } catch (error) {
      this.log.warn({ err: error, payload }, 'malformed job notification; checking the queue anyway');
    }
    if (delayed) this.scheduleWake();
    else this.pump();
  }

  /** Sets the wake-up timer for the next delayed job, asking the database (its clock) how long until it is due. */
  private scheduleWake(): void {
    if (this.state !== 'running') return;
    if (this.wakeQuery) {
      this.wakeAgain = true;
      return;
    }
    this.wakeQuery = nextJobDueInMs(this.o.sql, this.kinds)
      .then((ms) => {
        if (ms === undefined || this.state !== 'running') return;
        const at = Date.now() + ms;
        if (this.wakeTimer && this.wakeTimer.at <= at) return;
        clearTimeout(this.wakeTimer?.timer);
        const timer = setTimeout(() => {
          this.wakeTimer = undefined;
          this.pump();
          this.scheduleWake(); // the next delayed job, if any
        }, ms);
        timer.unref();
        this.wakeTimer = { at, timer };
      })
      .catch((error) => this.log.error({ err: error }, 'could not look up the next delayed job; the poll will find it'))
      .finally(() => {
        this.wakeQuery = undefined;
        if (this.wakeAgain) {
          this.wakeAgain = false;
          this.scheduleWake();
        }
      });
  }

  private onCancel(payload: string): void {
    try {
      const { id } = JSON.parse(payload) as { id: string };
      this.running.get(id)?.abort(new JobAbort('canceled', 'Canceled on request'));
    } catch (error) {
      this.log.warn({ err: error, payload }, 'ignored a malformed cancel notification');
    }
  }

  /** Claims while there are free slots and due jobs; concurrent calls coalesce into one more round. */
  private async pump(): Promise<void> {
    if (this.state !== 'running') return;
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        while (this.state === 'running') {
          const free = this.o.concurrency - this.running.size;
          if (free <= 0) break;
          const jobs = await claimJobs(this.o.sql, this.id, free, this.kinds, this.o.leaseSeconds);
          if (this.state !== 'running') {
            // stop() came while this claim was in flight: hand the jobs straight back, attempt not counted
            await Promise.all(jobs.map((job) => releaseJob(this.o.sql, lockOf(job, this.id))));
            break;
          }
          for (const job of jobs) this.launch(job);
          if (jobs.length < free) break;
        }
      } while (this.pumpAgain && this.state === 'running');
    } catch (error) {
      this.log.error({ err: error }, 'claiming jobs failed; will retry on the next wake-up or poll');
    } finally {
      this.pumping = false;
    }
  }

  private launch(job: Parameters<typeof startJob>[0]): void {
    const handler = this.handlers.get(job.kind);
    if (!handler) throw new Error(`claimed a ${job.kind} job without a handler`); // claim_jobs filters by kind
    const running = startJob(job, {
      sql: this.o.sql,
      workerId: this.id,
      log: this.log,
      backoff: this.o.backoff,
      defaultTimeoutMs: this.o.defaultTimeoutMs,
      handler,
    });
    this.running.set(job.id, running);
    running.done.finally(() => {
      if (this.running.get(job.id) === running) this.running.delete(job.id);
      this.pump();
    });
  }

  private async heartbeat(): Promise<void> {
    const jobs = [...this.running.values()];
    if (jobs.length === 0) return;
    try {
      const held = await renewLeases(
        this.o.sql,
        jobs.map((j) => j.lock),
        this.o.leaseSeconds,
      );
      for (const job of jobs) {
        if (!held.has(job.lock.id) && this.running.get(job.lock.id) === job) {
          job.abort(new JobAbort('lease_lost', 'This worker lost the lease on the job'));
        }
      }
    } catch (error) {
      this.log.error({ err: error }, 'renewing leases failed; will retry');
    }
  }

  private async checkCancels(): Promise<void> {
    if (this.running.size === 0) return;
    try {
      for (const id of await findCancelRequests(this.o.sql, [...this.running.keys()])) {
        this.running.get(id)?.abort(new JobAbort('canceled', 'Canceled on request'));
      }
    } catch (error) {
      this.log.error({ err: error }, 'checking for cancel requests failed; will retry');
    }
  }

  private async reap(): Promise<void> {
    try {
      const reaped = await reapExpiredJobs(this.o.sql, this.o.backoff);
      for (const job of reaped) {
        this.log.warn({ event: 'job:reaped', job_id: job.id, status: job.status, error: job.error }, 'took back a job whose lease expired');
      }
    } catch (error) {
      this.log.error({ err: error }, 'reaping expired jobs failed; will retry');
    }
    try {
      for (const job of await failUnrunnableJobs(this.o.sql, this.o.unrunnableAfterSeconds))
        this.log.warn({ event: 'job:unrunnable', job_id: job.id, kind: job.kind }, job.error);
    } catch (error) {
      this.log.error({ err: error }, 'failing jobs no worker runs failed; will retry');
    }
    try {
      const dispatched = await dispatchDueWebhooks(this.o.sql);
      if (dispatched > 0)
        this.log.info({ event: 'webhooks:dispatched', count: dispatched }, 'handed waiting webhook deliveries to the webhooks function');
    } catch (error) {
      this.log.error({ err: error }, 'dispatching due webhooks failed; will retry');
    }
  }
}
