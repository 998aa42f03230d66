/**
 * The whole local stack for the chaos suite, on free ports in a temp folder, with a Postgres it can
 * restart in place (same data folder and port, clean shutdown) while everything stays connected.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Sql } from '@tagwright/shared';
import { freePort, type RunningPostgres, type StackEnv, startPostgres, startStack } from '@tagwright/stack';

export interface ChaosStack {
  env: StackEnv;
  sql: Sql;
  /** Stops Postgres (fast shutdown: sessions are cut) and starts it again on the same port. */
  restartPostgres(): Promise<void>;
  stop(): Promise<void>;
}

export async function startChaosStack(log: (line: string) => void): Promise<ChaosStack> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-chaos-'));
  await fs.chmod(dataDir, 0o755); // Postgres runs as the postgres user when we are root
  const stack = await startStack({ dataDir, dbPort: await freePort(), apiPort: 0, onLog: log });
  if (!stack.postgres) throw new Error('the chaos stack must run its own Postgres');
  let postgres: RunningPostgres = stack.postgres;
  let restarted: RunningPostgres | undefined;
  return {
    env: stack.env,
    sql: stack.sql,
    async restartPostgres() {
      await postgres.stop();
      postgres = await startPostgres({ dataDir: postgres.dataDir, port: postgres.port, onLog: log });
      restarted = postgres;
    },
    async stop() {
      await stack.stop();
      await restarted?.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
