/** Checks the JWTs realtime clients present (apikey, access_token): signed with the stack's secret, not expired, an API role. */
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
