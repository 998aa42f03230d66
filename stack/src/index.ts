/** @tagwright/stack: the local stand-in for Supabase (no Docker). */
export * from './auth/index.ts';
export { StackError } from './errors.ts';
export { type Gateway, startGateway } from './gateway/server.ts';
export { loadOrCreateKeys, type StackKeys } from './keys.ts';
export { listMigrations, type MigrateResult, migrate, migrationsDir, repoRoot } from './migrate.ts';
export { freePort, isPortFree } from './ports.ts';
export { initCluster, localDatabaseUrl, type RunningPostgres, startPostgres } from './postgres/cluster.ts';
export { describeError, isRecoverable } from './realtime/recoverable.ts';
export { DEFAULT_API_PORT, DEFAULT_DB_PORT, type RunningStack, type StackEnv, type StackOptions, startStack } from './stack.ts';
