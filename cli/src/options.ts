/** Shared command-line and environment options: data folder, ports, database. */
import path from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { describeDatabaseUrl, parsePort } from '@tagwright/shared';
import { DEFAULT_API_PORT, DEFAULT_DB_PORT, repoRoot, type StackOptions } from '@tagwright/stack';
import { UsageError } from './usage-error.ts';

export const stackFlags = {
  'data-dir': { type: 'string' },
  'db-port': { type: 'string' },
  'api-port': { type: 'string' },
} as const;

export function parseFlags<const T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  { positionals = false } = {},
) {
  try {
    return parseArgs({ args, options, allowPositionals: positionals, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** Stack options from flags, then env (TAGWRIGHT_DATA_DIR, TAGWRIGHT_DB_PORT, TAGWRIGHT_API_PORT, DATABASE_URL). */
export function stackOptions(values: {
  'data-dir'?: string | boolean;
  'db-port'?: string | boolean;
  'api-port'?: string | boolean;
}): StackOptions {
  const env = process.env;
  const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined);
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl) describeDatabaseUrl(databaseUrl);
  return {
    dataDir: path.resolve(str(values['data-dir']) ?? env.TAGWRIGHT_DATA_DIR ?? path.join(repoRoot, '.data')),
    dbPort: parsePort(str(values['db-port']) ?? env.TAGWRIGHT_DB_PORT, '--db-port', DEFAULT_DB_PORT),
    apiPort: parsePort(str(values['api-port']) ?? env.TAGWRIGHT_API_PORT, '--api-port', DEFAULT_API_PORT),
    databaseUrl,
  };
}
