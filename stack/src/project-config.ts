/**
 * The parts of supabase/config.toml the local stack obeys (auth, storage, functions), read with the
 * same names and defaults as the Supabase CLI, so one file configures local and hosted alike.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'smol-toml';
import { StackError } from './errors.ts';
import { repoRoot } from './migrate.ts';

export interface ProjectConfig {
  auth: {
    enableSignup: boolean;
    jwtExpirySeconds: number;
    refreshTokenRotation: boolean;
    refreshTokenReuseIntervalSeconds: number;
    minimumPasswordLength: number;
  };
  storage: { fileSizeLimitBytes: number };
  /** Per function name; a function without an entry verifies JWTs (Supabase's default). */
  functions: Record<string, { verifyJwt: boolean }>;
}

export const defaultConfigFile = path.join(repoRoot, 'supabase/config.toml');

const UNITS: Record<string, number> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3 };

/** "50MiB", "500KB", 1024 → bytes. */
export function parseSize(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return value;
  const match = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value) : null;
  const unit = UNITS[(match?.[2] || 'b').toLowerCase()];
  if (!match || unit === undefined)
    throw new StackError(`${where} = ${JSON.stringify(value)} is not a size; write it like "50MiB", "500KB" or a number of bytes.`);
  return Math.round(Number(match[1]) * unit);
}

type Table = Record<string, unknown>;
const table = (value: unknown): Table => (value && typeof value === 'object' ? (value as Table) : {});
const bool = (value: unknown, fallback: boolean) => (typeof value === 'boolean' ? value : fallback);
const num = (value: unknown, fallback: number) => (typeof value === 'number' ? value : fallback);

export function readProjectConfig(file = defaultConfigFile): ProjectConfig {
  let parsed: Table = {};
  try {
    parsed = parse(fs.readFileSync(file, 'utf8')) as Table;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new StackError(`${file} could not be read: ${(error as Error).message.split('\n')[0]}; fix the file or remove it.`);
  }
  const auth = table(parsed.auth);
  const storage = table(parsed.storage);
  const functions: ProjectConfig['functions'] = {};
  for (const [name, entry] of Object.entries(table(parsed.functions))) functions[name] = { verifyJwt: bool(table(entry).verify_jwt, true) };
  return {
    auth: {
      enableSignup: bool(auth.enable_signup, true),
      jwtExpirySeconds: num(auth.jwt_expiry, 3600),
      refreshTokenRotation: bool(auth.enable_refresh_token_rotation, true),
      refreshTokenReuseIntervalSeconds: num(auth.refresh_token_reuse_interval, 10),
      minimumPasswordLength: num(auth.minimum_password_length, 6),
    },
    storage: { fileSizeLimitBytes: parseSize(storage.file_size_limit ?? '50MiB', 'storage.file_size_limit') },
    functions,
  };
}
