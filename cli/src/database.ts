/**
 * The database (and, for `run`, the Supabase API) a one-off command works on: DATABASE_URL (with
 * SUPABASE_URL and keys from the environment); else the local stack if `npm start` has it running;
 * else the stack started for the command and stopped after it.
 */
import path from 'node:path';
import { connect, type Sql } from '@tagwright/shared';
import { loadOrCreateKeys, localDatabaseUrl, startStack } from '@tagwright/stack';
import { stackOptions } from './options.ts';

type StackFlagValues = { 'data-dir'?: string; 'db-port'?: string; 'api-port'?: string };

/** What a command that runs jobs needs: the database, and the environment a worker gets (API URL, keys). */
export interface Platform {
  sql: Sql;
  env: NodeJS.ProcessEnv;
  /** Where it came from, for the user: "DATABASE_URL", "the running local stack", "a local stack started for this command". */
  source: string;
}

export async function withPlatform<T>(values: StackFlagValues, fn: (platform: Platform) => Promise<T>): Promise<T> {
  const options = stackOptions(values);
  const running = options.databaseUrl ?? (await runningLocalDatabase(options.dataDir, options.dbPort ?? 0));
  if (running) {
    const sql = connect(running, { max: 4 });
    try {
      if (options.databaseUrl) return await fn({ sql, env: process.env, source: 'DATABASE_URL' });
      const keys = await loadOrCreateKeys(options.dataDir);
      const env = {
        ...process.env,
        DATABASE_URL: running,
        SUPABASE_URL: `http://127.0.0.1:${options.apiPort}`,
        SUPABASE_SERVICE_ROLE_KEY: keys.serviceRoleKey,
      };
      return await fn({ sql, env, source: 'the running local stack' });
    } finally {
      await sql.end();
    }
  }
  const stack = await startStack({ ...options, apiPort: 0, realtime: false });
  try {
    return await fn({ sql: stack.sql, env: { ...process.env, ...stack.env }, source: 'a local stack started for this command' });
  } finally {
    await stack.stop();
  }
}

/** DATABASE_URL; else the local stack's Postgres if it is running on --db-port; else the stack, started without its API. */
export async function withDatabase<T>(values: { 'data-dir'?: string; 'db-port'?: string }, fn: (sql: Sql) => Promise<T>): Promise<T> {
  const options = stackOptions(values);
  const running = options.databaseUrl ?? (await runningLocalDatabase(options.dataDir, options.dbPort ?? 0));
  if (running) {
    const sql = connect(running, { max: 2 });
    try {
      return await fn(sql);
    } finally {
      await sql.end();
    }
  }
  const stack = await startStack({ ...options, apiPort: 0, realtime: false, services: false });
  try {
    return await fn(stack.sql);
  } finally {
    await stack.stop();
  }
}

/** The URL of the Postgres on `port` if it is this data folder's (e.g. `npm start` is running), else undefined. */
async function runningLocalDatabase(dataDir: string, port: number): Promise<string | undefined> {
  const url = localDatabaseUrl(port);
  const sql = connect(url, { max: 1, connect_timeout: 2 });
  try {
    const [row] = await sql<{ dir: string }[]>`select current_setting('data_directory') as dir`;
    return row && path.resolve(row.dir) === path.join(dataDir, 'postgres') ? url : undefined;
  } catch {
    return undefined; // nothing (of ours) listening: the stack is started instead
  } finally {
    await sql.end({ timeout: 1 });
  }
}
