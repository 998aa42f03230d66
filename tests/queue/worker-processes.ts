/** Starts real `tagwright worker` processes against a test database, and waits on job states. */
import type { Sql } from '@tagwright/shared';
import { expect } from 'vitest';
import { type CliRun, runCli } from '../cli/run-cli.ts';

export function startWorkers(count: number, databaseUrl: string, env: NodeJS.ProcessEnv = {}, name = 'w'): CliRun[] {
  return Array.from({ length: count }, (_, i) =>
    runCli(['worker'], { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn', WORKER_ID: `${name}${i + 1}`, ...env }),
  );
}

/** Waits until `count` workers are listening (each holds one LISTEN connection; cancel is its last channel). */
export async function waitListening(sql: Sql, count: number): Promise<void> {
  await expect
    .poll(
      async () => Number((await sql`select count(*) as n from pg_stat_activity where query ilike 'listen%tagwright_job_cancel%'`)[0]?.n),
      {
        timeout: 30_000,
      },
    )
    .toBeGreaterThanOrEqual(count);
}

export async function stopWorkers(workers: CliRun[], signal: NodeJS.Signals = 'SIGTERM'): Promise<(number | null)[]> {
  for (const w of workers) if (w.child.exitCode === null) w.child.kill(signal);
  return Promise.all(workers.map((w) => w.exited));
}

export async function jobCounts(sql: Sql, workspaceId: string): Promise<Record<string, number>> {
  const rows = await sql<{ status: string; n: string }[]>`
    select status, count(*) as n from jobs where workspace_id = ${workspaceId} group by status`;
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

export async function createWorkspace(sql: Sql, name: string): Promise<string> {
  const [row] = await sql<{ id: string }[]>`insert into workspaces (name) values (${name}) returning id`;
  if (!row) throw new Error('no workspace');
  return row.id;
}
