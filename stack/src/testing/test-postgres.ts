/**
 * Integration-test databases: every test file gets its own real Postgres on a free port in a temp
 * folder, copied from a cluster initialised once per test run (so a fresh one starts in well
 * under 2 s), optionally with all migrations already applied.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connect, type Sql } from '@tagwright/shared/db';
import { StackError } from '../errors.ts';
import { migrate } from '../migrate.ts';
import { freePort } from '../ports.ts';
import { initCluster, type RunningPostgres, startPostgres } from '../postgres/cluster.ts';
import { copyCluster } from '../postgres/data-dir.ts';
import { postgresProcessIds } from '../postgres/os-user.ts';

export interface PostgresTemplates {
  /** A freshly initialised, empty cluster. */
  empty: string;
  /** The same with bootstrap and every migration applied (no seed). */
  migrated: string;
}

/** Builds both template clusters under `root`. Run once per test run (vitest globalSetup). */
export async function buildTemplates(root: string): Promise<PostgresTemplates> {
  const empty = path.join(root, 'empty');
  const migrated = path.join(root, 'migrated');
  await initCluster(empty);
  await copyCluster(empty, migrated, await postgresProcessIds());
  const server = await startOnFreePort(migrated);
  const sql = connect(server.url, { max: 1 });
  try {
    await migrate(sql);
  } finally {
    await sql.end();
    await server.stop();
  }
  return { empty, migrated };
}

export interface TestPostgres {
  url: string;
  port: number;
  dataDir: string;
  /** A superuser client; closed by stop(). */
  sql: Sql;
  server: RunningPostgres;
  stop(): Promise<void>;
}

/** Starts a private Postgres copied from a template; stop() ends it and deletes its folder. */
/** `settings` override the test defaults (no fsync, asynchronous commit), e.g. for benchmarks. */
export async function startTestPostgres(template: string, settings: Record<string, string> = {}): Promise<TestPostgres> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-test-pg-'));
  await fs.rm(dataDir, { recursive: true });
  await copyCluster(template, dataDir, await postgresProcessIds());
  const server = await startOnFreePort(dataDir, settings);
  const sql = connect(server.url, { max: 4 });
  return {
    url: server.url,
    port: server.port,
    dataDir,
    sql,
    server,
    async stop() {
      await sql.end({ timeout: 5 });
      await server.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Another process may take the port between finding and binding it: try a few times. */
async function startOnFreePort(dataDir: string, overrides: Record<string, string> = {}): Promise<RunningPostgres> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startPostgres({
        dataDir,
        port: await freePort(),
        settings: { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off', ...overrides },
      });
    } catch (error) {
      if (attempt >= 5 || !(error instanceof StackError) || !/already in use/.test(error.message)) throw error;
    }
  }
}
