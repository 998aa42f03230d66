/**
 * Who is calling the jobs function: a workspace API key (`Authorization: Bearer tw_…` or
 * `X-Api-Key: tw_…`; checked, rate-limited and revocation-checked by authenticate_api_key in SQL)
 * or a signed-in user (a Supabase access token, confirmed by the Auth server, so expired, forged and
 * signed-out tokens are refused, and rate-limited per user by take_user_request). Anything else is
 * a 401; too many requests on a key or from a user a 429 with Retry-After.
 */
import type { Sql } from '../../../shared/src/db.ts';
import { ApiError } from '../_shared/http.ts';

export type Caller =
  | { kind: 'key'; keyId: string; prefix: string; workspaceId: string }
  | { kind: 'user'; userId: string; email: string | undefined };

const KEY_SHAPE = /^tw_[0-9a-f]{8}_[0-9a-f]{64}$/;

/** Looks up a user by access token; resolves undefined when Auth says the token is no good. */
export type VerifyUserToken = (token: string) => Promise<{ id: string; email?: string } | undefined>;

export function presentedCredential(request: Request): string | undefined {
  const apiKey = request.headers.get('x-api-key')?.trim();
  if (apiKey) return apiKey;
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization')?.trim() ?? '');
  return match?.[1];
}

const unauthorized = (message: string) => new ApiError(401, 'unauthorized', message, [], { 'www-authenticate': 'Bearer' });

/** Requests a minute a signed-in user may make when USER_RATE_LIMIT_PER_MINUTE is not set. */
export const DEFAULT_USER_RATE_LIMIT = 120;

/** USER_RATE_LIMIT_PER_MINUTE read as a whole number from 1 up; anything else is reported and the default used. */
export function userRateLimit(value: string | undefined, report: (message: string) => void = console.error): number {
  if (value === undefined || value.trim() === '') return DEFAULT_USER_RATE_LIMIT;
  const n = Number(value);
  if (Number.isInteger(n) && n >= 1) return n;
  report(`USER_RATE_LIMIT_PER_MINUTE=${JSON.stringify(value)} is not a whole number from 1 up; using ${DEFAULT_USER_RATE_LIMIT}.`);
  return DEFAULT_USER_RATE_LIMIT;
}

export interface AuthOptions {
  verifyUserToken: VerifyUserToken;
  /** Requests a minute per signed-in user (bursts up to this many). */
  userRatePerMinute: number;
}

export async function authenticate(request: Request, sql: Sql, options: AuthOptions): Promise<Caller> {
  const credential = presentedCredential(request);
  if (!credential)
    throw unauthorized(
      'Send a workspace API key (Authorization: Bearer tw_…) or a user access token; create a key with `tagwright apikey create`.',
    );
  if (credential.startsWith('tw_')) return authenticateKey(sql, credential);
  const user = await options.verifyUserToken(credential);
  if (!user)
    throw unauthorized('The access token is not valid (expired, signed out or not a user token); sign in again or use an API key.');
  const [budget] = await sql<{ wait: number | null }[]>`select public.take_user_request(${user.id}, ${options.userRatePerMinute}) as wait`;
  if (budget?.wait != null) {
    const seconds = Math.max(1, budget.wait);
    throw new ApiError(
      429,
      'rate_limited',
      `Too many requests from ${user.email ?? 'this user'} (${options.userRatePerMinute} a minute); try again in ${seconds} s.`,
      [],
      { 'retry-after': String(seconds) },
    );
  }
  return { kind: 'user', userId: user.id, email: user.email };
}

async function authenticateKey(sql: Sql, key: string): Promise<Caller> {
  if (!KEY_SHAPE.test(key)) throw unauthorized('That is not a Tagwright API key (tw_ followed by 8 and 64 hex digits); copy it again.');
  const [row] = await sql<{ key_id: string; workspace_id: string; prefix: string; outcome: string; retry_after_seconds: number | null }[]>`
    select * from public.authenticate_api_key(${key})`;
  switch (row?.outcome) {
    case 'ok':
      return { kind: 'key', keyId: row.key_id, prefix: row.prefix, workspaceId: row.workspace_id };
    case 'revoked':
      throw unauthorized(`The API key ${row.prefix} was revoked; create a new one with \`tagwright apikey create\`.`);
    case 'rate_limited': {
      const seconds = Math.max(1, row.retry_after_seconds ?? 1);
      throw new ApiError(429, 'rate_limited', `Too many requests with the API key ${row.prefix}; try again in ${seconds} s.`, [], {
        'retry-after': String(seconds),
      });
    }
    default:
      throw unauthorized('Unknown API key; check that it was copied whole, or create one with `tagwright apikey create`.');
  }
}

/** Asks Supabase Auth who owns the token (GET /auth/v1/user), as supabase.auth.getUser does. */
export function authServerVerifier(supabaseUrl: string, anonKey: string): VerifyUserToken {
  return async (token) => {
    const response = await fetch(`${supabaseUrl}/auth/v1/user`, { headers: { authorization: `Bearer ${token}`, apikey: anonKey } });
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) throw new ApiError(503, 'auth_unavailable', `Supabase Auth answered ${response.status}; try again shortly.`);
    const user = (await response.json()) as { id?: string; email?: string };
    return user.id ? { id: user.id, ...(user.email ? { email: user.email } : {}) } : undefined;
  };
}
