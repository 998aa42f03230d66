/** Reads and checks configuration from the environment; each bad value gets a message saying how to fix it. */

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export interface DatabaseUrlParts {
  host: string;
  port: number;
  database: string;
  user: string;
}

/** Parses a Postgres URL or throws a one-line error that never echoes the password. */
export function describeDatabaseUrl(url: string): DatabaseUrlParts {
  const example = 'postgresql://user:password@host:5432/postgres';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`DATABASE_URL is not a URL (${redact(url)}); set it like ${example} or unset it to use the local stack.`);
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
    throw new ConfigError(`DATABASE_URL must start with postgresql:// (got ${parsed.protocol}//); set it like ${example}.`);
  }
  if (!parsed.hostname) throw new ConfigError(`DATABASE_URL has no host; set it like ${example}.`);
  const port = parsed.port ? Number(parsed.port) : 5432;
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new ConfigError(`DATABASE_URL has a bad port "${parsed.port}"; use 1-65535.`);
  return { host: parsed.hostname, port, database: parsed.pathname.slice(1) || 'postgres', user: decodeURIComponent(parsed.username) };
}

/** A URL with its password replaced, safe to print. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}

/** A whole number from an env var or flag within [min, max], or a clear error naming the setting. */
export function parseIntSetting(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number ${min}-${max} (got "${value}").`);
  return n;
}

/** A port from an env var or flag, or a clear error. */
export function parsePort(value: string | undefined, name: string, fallback: number): number {
  return parseIntSetting(value, name, fallback, 1, 65535);
}
