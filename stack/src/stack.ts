/**
 * Starts the local stand-in for Supabase: Postgres (unless DATABASE_URL points elsewhere), the
 * bootstrap and migrations (and the seed on a fresh database), the keys and the API gateway, and
 * the services behind it (Realtime, Auth, Storage, Functions, and pg_net's stand-in).
 */
import path from 'node:path';
import { connect, redact, type Sql } from '@tagwright/shared';
import { startAuth } from './auth/server.ts';
import { startFunctions } from './functions/server.ts';
import { type Gateway, startGateway } from './gateway/server.ts';
import { loadOrCreateKeys } from './keys.ts';
import { type MigrateResult, migrate } from './migrate.ts';
import { startNet } from './net/server.ts';
import { initCluster, type RunningPostgres, startPostgres } from './postgres/cluster.ts';
import { type ProjectConfig, readProjectConfig } from './project-config.ts';
import { type Realtime, startRealtime } from './realtime/server.ts';
import type { ServiceContext } from './services.ts';
import { startStorage } from './storage/server.ts';

export const DEFAULT_DB_PORT = 54322;
export const DEFAULT_API_PORT = 54321;

export interface StackOptions {
  /** The stack's folder: Postgres in <dataDir>/postgres, keys in <dataDir>/keys.json. */
  dataDir: string;
  dbPort?: number;
  apiPort?: number;
  /** Use this database instead of starting one. */
  databaseUrl?: string;
  /** Serve Realtime (default true; `tagwright migrate` needs none). */
  realtime?: boolean;
  /** Serve Storage, Auth and Functions (default true). */
  services?: boolean;
  /** supabase/config.toml read already (tests pass their own). */
  config?: ProjectConfig;
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
    const realtime =
      options.realtime === false ? undefined : await startRealtimeIfPossible(sql, gateway, databaseUrl, keys.jwtSecret, options.onLog);
    if (realtime) stops.push(() => realtime.stop());
    if (options.services !== false) {
      const context: ServiceContext = {
        gateway,
        sql,
        databaseUrl,
        keys,
        dataDir,
        config: options.config ?? readProjectConfig(),
        log: options.onLog ?? ((line) => console.error(line)),
      };
      for (const start of [startAuth, startStorage, startFunctions, startNet]) {
        const service = await start(context);
        stops.push(() => service.stop());
      }
    }
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

/** Realtime needs logical replication; on a database without it, say so and serve the rest. */
async function startRealtimeIfPossible(
  sql: Sql,
  gateway: Gateway,
  databaseUrl: string,
  jwtSecret: string,
  onLog?: (line: string) => void,
): Promise<Realtime | undefined> {
  const [setting] = await sql<{ wal_level: string }[]>`select current_setting('wal_level') as wal_level`;
  if (setting?.wal_level !== 'logical') {
    console.error(
      `tagwright: Realtime is off: the database has wal_level=${setting?.wal_level}; set wal_level=logical and restart it to get live updates.`,
    );
    return undefined;
  }
  return startRealtime({
    gateway,
    sql,
    databaseUrl,
    jwtSecret,
    log: (message, error) => (onLog ?? console.error)(`${message}${error ? ` ${String(error)}` : ''}`),
  });
}
