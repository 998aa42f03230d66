/** `tagwright worker`: claims and runs jobs until SIGINT/SIGTERM, then shuts down gracefully. */
import { ConfigError, connect, parseIntSetting, redact } from '@tagwright/shared';
import { DEFAULT_DB_PORT, describeError, isRecoverable, localDatabaseUrl } from '@tagwright/stack';
import { allHandlers, createLogger, type Logger, processResources, Worker } from '@tagwright/worker';
import type { Command } from '../main.ts';
import { startMetricsServer } from '../metrics-server.ts';
import { parseFlags } from '../options.ts';
import { untilSignal } from '../shutdown.ts';

export const workerCommand: Command = {
  usage: 'worker [--concurrency N]',
  summary: 'Claim and run jobs from DATABASE_URL (or the local stack); run as many as you like, anywhere.',
  async run(args) {
    const { values } = parseFlags(args, { concurrency: { type: 'string' } });
    const env = process.env;
    const concurrency = parseIntSetting(values.concurrency ?? env.WORKER_CONCURRENCY, '--concurrency', 4, 1, 256);
    const leaseSeconds = parseIntSetting(env.WORKER_LEASE_SECONDS, 'WORKER_LEASE_SECONDS', 30, 1, 3600);
    const url =
      env.DATABASE_URL || localDatabaseUrl(parseIntSetting(env.TAGWRIGHT_DB_PORT, 'TAGWRIGHT_DB_PORT', DEFAULT_DB_PORT, 1, 65535));
    const log = createLogger({ service: 'worker' });
    const sql = connect(url, { max: concurrency + 3 });
    const resources = processResources();
    try {
      await checkDatabase(sql, url, {
        waitMs: 1000 * parseIntSetting(env.WORKER_DB_WAIT_SECONDS, 'WORKER_DB_WAIT_SECONDS', 30, 0, 3600),
        log,
      });
      const worker = new Worker({
        sql,
        log,
        handlers: allHandlers(resources),
        concurrency,
        leaseSeconds,
        ...(env.WORKER_ID ? { workerId: env.WORKER_ID } : {}),
        ...functionsUrls(env),
        pollIntervalMs: parseIntSetting(env.WORKER_POLL_MS, 'WORKER_POLL_MS', 2000, 50, 600_000),
        defaultTimeoutMs: 1000 * parseIntSetting(env.WORKER_JOB_TIMEOUT_SECONDS, 'WORKER_JOB_TIMEOUT_SECONDS', 1800, 1, 86_400),
        shutdownGraceMs: parseIntSetting(env.WORKER_SHUTDOWN_GRACE_MS, 'WORKER_SHUTDOWN_GRACE_MS', 30_000, 0, 3_600_000),
        backoff: {
          baseMs: parseIntSetting(env.WORKER_BACKOFF_BASE_MS, 'WORKER_BACKOFF_BASE_MS', 2000, 1, 3_600_000),
          capMs: parseIntSetting(env.WORKER_BACKOFF_CAP_MS, 'WORKER_BACKOFF_CAP_MS', 300_000, 1, 86_400_000),
        },
      });
      const signal = untilSignal();
      await worker.start();
      const metricsPort = env.WORKER_METRICS_PORT
        ? parseIntSetting(env.WORKER_METRICS_PORT, 'WORKER_METRICS_PORT', 9464, 1, 65535)
        : undefined;
      const metrics = metricsPort
        ? await startMetricsServer(sql, metricsPort, (message, error) => log.error({ err: error }, message))
        : undefined;
      if (metricsPort) log.info({ event: 'metrics:listening', port: metricsPort }, `metrics at http://0.0.0.0:${metricsPort}/metrics`);
      await signal;
      metrics?.close();
      await worker.stop();
      return 0;
    } finally {
      await resources.close();
      await sql.end({ timeout: 5 });
    }
  },
};

/** TAGWRIGHT_FUNCTIONS_URL, else SUPABASE_URL/functions/v1; TAGWRIGHT_SITE_URL for links in webhook messages. */
function functionsUrls(env: NodeJS.ProcessEnv): { functionsUrl?: string; siteUrl?: string } {
  const functionsUrl =
    env.TAGWRIGHT_FUNCTIONS_URL || (env.SUPABASE_URL ? `${env.SUPABASE_URL.replace(/\/$/, '')}/functions/v1` : undefined);
  return { ...(functionsUrl ? { functionsUrl } : {}), ...(env.TAGWRIGHT_SITE_URL ? { siteUrl: env.TAGWRIGHT_SITE_URL } : {}) };
}

/**
 * The database is reachable and migrated. One that is restarting or not up yet (refused, shutting
 * down, starting) is waited for up to `waitMs`, so a worker started at that moment doesn't exit.
 */
async function checkDatabase(sql: ReturnType<typeof connect>, url: string, options: { waitMs: number; log: Logger }): Promise<void> {
  const deadline = Date.now() + options.waitMs;
  for (let waiting = false; ; waiting = true) {
    try {
      const [row] = await sql<
        { ok: boolean }[]
      >`select to_regprocedure('public.claim_jobs(text,integer,text[],integer)') is not null as ok`;
      if (!row?.ok) throw new ConfigError(`The database at ${redact(url)} has no Tagwright queue; run \`tagwright migrate\` first.`);
      if (waiting) options.log.info({ event: 'db:reachable' }, 'the database answers');
      return;
    } catch (error) {
      if (error instanceof ConfigError) throw error;
      if (!isRecoverable(error) || Date.now() >= deadline)
        throw new ConfigError(
          `Cannot reach the database at ${redact(url)} (${(error as Error).message}); start the local stack with \`npm start\` or set DATABASE_URL.`,
        );
      if (!waiting)
        options.log.warn(
          { event: 'db:waiting', reason: describeError(error) },
          `waiting up to ${Math.round(options.waitMs / 1000)} s for the database at ${redact(url)} (${describeError(error)})`,
        );
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
