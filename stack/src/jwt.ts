/**
 * The JWTs every local service checks (Realtime, Storage, Auth, Functions): signed with the stack's
 * secret, not expired, an API role. Also reads a request's apikey and bearer token the way
 * Supabase's gateway and services do.
 */

import type http from 'node:http';
import type { JwtClaims } from '@tagwright/shared';
import { errors, jwtVerify } from 'jose';

export class AuthError extends Error {
  override readonly name = 'AuthError';
}

const ROLES = new Set(['anon', 'authenticated', 'service_role']);

export async function verifyToken(token: string, secret: string): Promise<JwtClaims> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'] }));
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw new AuthError('Token has expired');
    throw new AuthError(`Invalid token: ${(error as Error).message}`);
  }
  const role = payload.role;
  if (typeof role !== 'string' || !ROLES.has(role))
    throw new AuthError(`Invalid token: role "${String(role)}" is not anon, authenticated or service_role`);
  if (role === 'authenticated' && typeof payload.sub !== 'string')
    throw new AuthError('Invalid token: an authenticated token needs a sub claim');
  return payload as JwtClaims;
}

/** The `apikey` header (or query parameter, as realtime-js and browsers' <img> URLs send it). */
export function requestApiKey(req: http.IncomingMessage): string | undefined {
  const header = req.headers.apikey;
  if (typeof header === 'string' && header !== '') return header;
  const query = new URL(req.url ?? '/', 'http://local').searchParams.get('apikey');
  return query || undefined;
}

/** The bearer token of `Authorization: Bearer …`, if any. */
export function requestBearer(req: http.IncomingMessage): string | undefined {
  const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return match?.[1]?.trim() || undefined;
}

/**
 * Who is calling, as Supabase's services decide it: the apikey must be a valid key of this stack;
 * the bearer token (a user's access token, or a key) decides the role, falling back to the apikey.
 */
export async function requestClaims(req: http.IncomingMessage, secret: string): Promise<JwtClaims> {
  const apikey = requestApiKey(req);
  const bearer = requestBearer(req);
  if (!apikey && !bearer) throw new AuthError('No API key found in request: send the anon or service-role key in the apikey header');
  if (apikey) await verifyToken(apikey, secret);
  return verifyToken(bearer ?? (apikey as string), secret);
}
