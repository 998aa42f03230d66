/** Helpers for the worker's integration tests: jobs, events, collected logs, in-process workers and a recording noop handler. */
import { connect, type Sql } from '@tagwright/shared/db';
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { JobAbort } from './errors.ts';
import { noopHandler } from './kinds/noop.ts';
import { createLogger, type Logger } from './log.ts';
import type { JobRow } from './queue/types.ts';
import type { JobContext, JobHandler } from './runtime/job-context.ts';
import { Worker, type WorkerOptions } from './runtime/worker.ts';

/** A logger whose JSON lines are kept in `lines` instead of printed. */
export function collectingLog(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({}, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines };
}

export async function createWorkspace(sql: Sql, name = 'W'): Promise<string> {
  const [ws] = await sql<{ id: string }[]>`insert into public.workspaces (name) values (${name}) returning id`;
  if (!ws) throw new Error('workspace not created');
  return ws.id;
}

export type JobInsert = Record<string, string | number | boolean | null | Record<string, unknown>>;

/** Inserts a job (kind noop unless given; params as an object) and returns its row. */
export async function insertJob(sql: Sql, workspaceId: string, row: JobInsert = {}): Promise<JobRow> {
  const values = { kind: 'noop', ...row, workspace_id: workspaceId } as Record<string, unknown>;
  if (values.params !== undefined) values.params = sql.json(values.params as never);
  const [job] = await sql<JobRow[]>`insert into public.jobs ${sql(values as never)} returning *`;
  if (!job) throw new Error('job not inserted');
  return job;
}

/** Cancels every queued job, so what one test left behind is never run by the next test's worker. */
export async function cancelQueuedJobs(sql: Sql): Promise<void> {
  await sql`update public.jobs set cancel_requested = true where status = 'queued'`;
}

export async function jobRow(sql: Sql, id: string): Promise<JobRow> {
  const [job] = await sql<JobRow[]>`select * from public.jobs where id = ${id}`;
  if (!job) throw new Error(`no job ${id}`);
  return job;
}

export async function jobStatus(sql: Sql, id: string): Promise<string> {
  return (await jobRow(sql, id)).status;
}

export interface JobEvent {
  type: string;
  payload: Record<string, unknown>;
  created_at: string;
}

/** A job's event feed, oldest first. */
export async function jobEvents(sql: Sql, id: string): Promise<JobEvent[]> {
  return sql<JobEvent[]>`select type, payload, created_at from public.job_events where job_id = ${id} order by id`;
}

export async function eventTypes(sql: Sql, id: string): Promise<string[]> {
  return (await jobEvents(sql, id)).map((e) => e.type);
}

/** What a recording handler saw of one attempt. */
export interface SeenAttempt {
  jobId: string;
  attempt: number;
  /** Date.now() when the handler started. */
  startedAt: number;
  ctx: JobContext;
  /** The signal's reason once it was aborted (set from the abort listener). */
  abortReason?: unknown;
}

/** The noop handler, recording each attempt it starts and the abort reason it sees. */
export function recordingNoop(): { handler: JobHandler<never>; seen: SeenAttempt[]; of(jobId: string): SeenAttempt[] } {
  const seen: SeenAttempt[] = [];
  const handler: JobHandler<never> = {
    kind: 'noop',
    run: async (ctx) => {
      const entry: SeenAttempt = { jobId: ctx.job.id, attempt: ctx.job.attempts, startedAt: Date.now(), ctx: ctx as JobContext };
      seen.push(entry);
      ctx.signal.addEventListener('abort', () => {
        entry.abortReason = ctx.signal.reason;
      });
      return noopHandler.run(ctx as never);
    },
  };
  return { handler, seen, of: (jobId) => seen.filter((s) => s.jobId === jobId) };
}

/** The kind of a JobAbort reason, or undefined for anything else. */
export function abortKind(reason: unknown): string | undefined {
  return reason instanceof JobAbort ? reason.kind : undefined;
}

export type TestWorkerOptions = Partial<Omit<WorkerOptions, 'sql' | 'log'>> & Pick<WorkerOptions, 'handlers'>;

/** Starts workers in-process, each on its own connection pool; stopAll() stops them and closes the pools. */
export function testWorkers(url: string) {
  const started: { worker: Worker; sql: Sql; lines: Record<string, unknown>[] }[] = [];
  return {
    async start(options: TestWorkerOptions): Promise<Worker & { lines: Record<string, unknown>[] }> {
      const sql = connect(url, { max: 5 });
      const { log, lines } = collectingLog();
      const worker = new Worker({ concurrency: 4, leaseSeconds: 2, backoff: { baseMs: 50, capMs: 1000 }, ...options, sql, log });
      started.push({ worker, sql, lines });
      await worker.start();
      return Object.assign(worker, { lines });
    },
    async stopAll(graceMs = 0): Promise<void> {
      const all = started.splice(0);
      await Promise.all(all.map(({ worker }) => worker.stop(graceMs)));
      await Promise.all(all.map(({ sql }) => sql.end({ timeout: 5 })));
    },
  };
}

export interface QueueTestContext {
  db: TestPostgres;
  ws: string;
  workers: ReturnType<typeof testWorkers>;
}

/** Registers a test file's hooks: a private migrated Postgres with a workspace; after each test its workers stop and leftover queued jobs are canceled. */
export function useQueueTestDb(): QueueTestContext {
  const ctx = {} as QueueTestContext;
  beforeAll(async () => {
    ctx.db = await testPostgres();
    ctx.ws = await createWorkspace(ctx.db.sql);
    ctx.workers = testWorkers(ctx.db.url);
  });
  afterEach(async () => {
    await ctx.workers.stopAll();
    await cancelQueuedJobs(ctx.db.sql);
  });
  afterAll(() => ctx.db?.stop());
  return ctx;
}
