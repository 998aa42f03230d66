/**
 * The access tokens the local Auth server issues — HS256 with the stack's secret and the claims
 * GoTrue puts in them (so RLS with auth.uid()/auth.jwt() sees the same thing) — and the check of a
 * bearer token on /user and /logout: valid signature, not expired, user and session still there.
 */
import type http from 'node:http';
import type { JwtClaims, Sql } from '@tagwright/shared';
import { SignJWT } from 'jose';
import { AuthError, requestBearer, verifyToken } from '../jwt.ts';
import { badRequest, forbidden, GoTrueError } from './auth-error.ts';
import { findUserById, type UserRow } from './users.ts';

export interface TokenSettings {
  secret: string;
  /** `<gateway url>/auth/v1`, as GoTrue's iss. */
  issuer: string;
  expirySeconds: number;
}

export interface SessionRef {
  id: string;
  /** Unix seconds of the sign-in that began the session (the amr timestamp). */
  signedInAt: number;
}

export async function signAccessToken(settings: TokenSettings, user: UserRow, session: SessionRef) {
  const iat = Math.floor(Date.now() / 1000);
  const exp = iat + settings.expirySeconds;
  const token = await new SignJWT({
    aud: user.aud ?? 'authenticated',
    sub: user.id,
    email: user.email ?? '',
    phone: user.phone ?? '',
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role ?? 'authenticated',
    aal: 'aal1',
    amr: [{ method: 'password', timestamp: session.signedInAt }],
    session_id: session.id,
    is_anonymous: user.is_anonymous,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(settings.issuer)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(settings.secret));
  return { token, expiresAt: exp };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface Caller {
  claims: JwtClaims;
  user: UserRow;
  /** Absent for tokens made without a session (e.g. by tests or scripts signing their own). */
  sessionId: string | undefined;
}

/** The signed-in user behind `Authorization: Bearer`, with GoTrue's 401/403 answers when there is none. */
export async function requireUser(sql: Sql, secret: string, req: http.IncomingMessage): Promise<Caller> {
  const claims = await requireClaims(secret, req);
  if (typeof claims.sub !== 'string' || claims.sub === '') throw forbidden('bad_jwt', 'invalid claim: missing sub claim');
  if (!UUID.test(claims.sub)) throw badRequest('bad_jwt', 'invalid claim: sub claim must be a UUID');
  const user = await findUserById(sql, claims.sub);
  if (!user) throw forbidden('user_not_found', 'User from sub claim in JWT does not exist');
  const sessionId = typeof claims.session_id === 'string' && claims.session_id !== '' ? claims.session_id : undefined;
  if (sessionId) {
    if (!UUID.test(sessionId)) throw forbidden('bad_jwt', 'invalid claim: session_id claim must be a UUID');
    const [session] = await sql`select 1 from auth.sessions where id = ${sessionId} and (not_after is null or not_after > now())`;
    if (!session)
      throw forbidden('session_not_found', 'Session from session_id claim in JWT does not exist: it was signed out; sign in again');
  }
  return { claims, user, sessionId };
}

/** The bearer token's claims (any role); 401 without one, 403 when it is not valid. */
export async function requireClaims(secret: string, req: http.IncomingMessage): Promise<JwtClaims> {
  const bearer = requestBearer(req);
  if (!bearer) throw new GoTrueError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
  try {
    return await verifyToken(bearer, secret);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
    throw forbidden('bad_jwt', `invalid JWT: unable to parse or verify signature, ${error.message.toLowerCase()}; sign in again`);
  }
}
