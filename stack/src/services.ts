/** What every local Supabase service (Storage, Auth, Functions) is given when the stack mounts it. */
import type { Sql } from '@tagwright/shared';
import type { Gateway } from './gateway/server.ts';
import type { StackKeys } from './keys.ts';
import type { ProjectConfig } from './project-config.ts';

export interface ServiceContext {
  gateway: Gateway;
  /** Superuser pool: services switch to the caller's role (withClaims) before touching user data. */
  sql: Sql;
  databaseUrl: string;
  keys: StackKeys;
  /** The stack's folder; a service keeps its files under <dataDir>/<service>. */
  dataDir: string;
  config: ProjectConfig;
  log: (line: string) => void;
}

/** A mounted service; stop() ends what it started (child processes, timers). */
export interface Service {
  stop(): Promise<void>;
}
