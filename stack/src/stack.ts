/**
 * Starts the local stand-in for Supabase: Postgres (unless DATABASE_URL points elsewhere), the
 * bootstrap and migrations (and the seed on a fresh database), the keys and the API gateway.
 */
import path from 'node:path';
import { connect, redact, type Sql } from '@tagwright/shared';
import { startGateway } from './gateway/server.ts';
import { loadOrCreateKeys } from './keys.ts';
import { type MigrateResult, migrate } from './migrate.ts';
import { initCluster, type RunningPostgres, startPostgres } from './postgres/cluster.ts';

export const DEFAULT_DB_PORT = 54322;
export const DEFAULT_API_PORT = 54321;

export interface StackOptions {
  /** The stack's folder: Postgres in <dataDir>/postgres, keys in <dataDir>/keys.json. */
  dataDir: string;
  dbPort?: number;
  apiPort?: number;
  /** Use this database instead of starting one. */
  databaseUrl?: string;
  onLog?: (line: string) => void;
}

/** What a client needs, named as `supabase status -o env` names it. */
export interface StackEnv {
  DATABASE_URL: string;
  SUPABASE_URL: string;
  SUPABASE_ANON_KEY: string;
  SUPABASE_SERVICE_ROLE_KEY: string;
  SUPABASE_JWT_SECRET: string;
}

export interface RunningStack {
  env: StackEnv;
  migrations: MigrateResult;
  /** Superuser client for the stack's own services. */
  sql: Sql;
  postgres: RunningPostgres | undefined;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const dataDir = path.resolve(options.dataDir);
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop();
  };
  try {
    let postgres: RunningPostgres | undefined;
    let databaseUrl = options.databaseUrl;
    if (!databaseUrl) {
      const clusterDir = path.join(dataDir, 'postgres');
      await initCluster(clusterDir, options.onLog);
      postgres = await startPostgres({ dataDir: clusterDir, port: options.dbPort ?? DEFAULT_DB_PORT, onLog: options.onLog });
      stops.push(() => postgres?.stop() ?? Promise.resolve());
      databaseUrl = postgres.url;
    }
    const sql = connect(databaseUrl, { max: 10 });
    stops.push(() => sql.end({ timeout: 5 }));
    const migrations = await migrate(sql, { seed: true }).catch((error: Error) => {
      throw Object.assign(error, { message: `${error.message} (database ${redact(databaseUrl ?? '')})` });
    });
    const keys = await loadOrCreateKeys(dataDir);
    const gateway = await startGateway(options.apiPort ?? DEFAULT_API_PORT);
    stops.push(() => gateway.stop());
    return {
      env: {
        DATABASE_URL: databaseUrl,
        SUPABASE_URL: gateway.url,
        SUPABASE_ANON_KEY: keys.anonKey,
        SUPABASE_SERVICE_ROLE_KEY: keys.serviceRoleKey,
        SUPABASE_JWT_SECRET: keys.jwtSecret,
      },
      migrations,
      sql,
      postgres,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
