/**
 * The database a one-off command (user add, import) works on: DATABASE_URL; else the local stack's
 * Postgres if `npm start` has it running; else the stack's Postgres started for the command.
 */
import path from 'node:path';
import { connect, type Sql } from '@tagwright/shared';
import { localDatabaseUrl, startStack } from '@tagwright/stack';
import { stackOptions } from './options.ts';

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
