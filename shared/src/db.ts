/**
 * The one way to talk to Postgres: a `postgres` client with Supabase-friendly type parsing, and
 * transactions that run as a signed-in user under RLS (the way PostgREST does it) or as service role.
 */
import postgres, { type Options, type Sql, type TransactionSql } from 'postgres';
import { describeDatabaseUrl } from './config.ts';

export type { Sql, TransactionSql };

/** Timestamps stay text so microseconds survive (JS Dates keep milliseconds only). */
const TEXT_TYPES = { timestamptz: 1184, timestamp: 1114, date: 1082, time: 1083, timetz: 1266 };

export function connect(url: string, options: Options<Record<string, postgres.PostgresType>> = {}): Sql {
  describeDatabaseUrl(url); // throws a clear error for a malformed URL before any connection attempt
  const types = Object.fromEntries(
    Object.entries(TEXT_TYPES).map(([name, oid]) => [
      name,
      { to: oid, from: [oid], serialize: (v: unknown) => String(v), parse: (v: string) => v },
    ]),
  );
  return postgres(url, { onnotice: () => {}, max: 10, ...options, types: { ...types, ...options.types } });
}

/** Roles a request may take, as on Supabase. Anything else is refused: a role is a privilege. */
export type ApiRole = 'anon' | 'authenticated' | 'service_role';

export interface JwtClaims {
  role: ApiRole;
  sub?: string;
  email?: string;
  aud?: string;
  [claim: string]: unknown;
}

const API_ROLES: readonly ApiRole[] = ['anon', 'authenticated', 'service_role'];

/** Runs `fn` in a transaction as the role and claims of a JWT: RLS applies as for that user. */
export async function withClaims<T>(sql: Sql, claims: JwtClaims, fn: (tx: TransactionSql) => Promise<T>): Promise<T> {
  if (!API_ROLES.includes(claims.role))
    throw new Error(`Refusing to run as role "${claims.role}": only ${API_ROLES.join(', ')} are allowed.`);
  const result = await sql.begin(async (tx) => {
    await tx`select set_config('role', ${claims.role}, true), set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
    return fn(tx);
  });
  return result as T;
}

/** As a signed-in user (`authenticated`, auth.uid() = userId). */
export function asUser<T>(sql: Sql, userId: string, fn: (tx: TransactionSql) => Promise<T>, extra: Partial<JwtClaims> = {}): Promise<T> {
  return withClaims(sql, { aud: 'authenticated', ...extra, role: 'authenticated', sub: userId }, fn);
}

/** As service_role: bypasses RLS, for the worker and trusted server code. */
export function asServiceRole<T>(sql: Sql, fn: (tx: TransactionSql) => Promise<T>): Promise<T> {
  return withClaims(sql, { role: 'service_role' }, fn);
}

/** As anon (no user): sees only what policies grant to anon, which in Tagwright is nothing. */
export function asAnon<T>(sql: Sql, fn: (tx: TransactionSql) => Promise<T>): Promise<T> {
  return withClaims(sql, { role: 'anon' }, fn);
}

/** The newest applied migration version (Supabase CLI history), or undefined before any. */
export async function schemaVersion(sql: Sql): Promise<string | undefined> {
  const [row] = await sql<{ version: string | null }[]>`
    select max(version) as version from supabase_migrations.schema_migrations`;
  return row?.version ?? undefined;
}
