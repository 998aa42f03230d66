/**
 * POST /auth/v1/token: grant_type=password (signInWithPassword) opens a session;
 * grant_type=refresh_token (refreshSession, auto refresh) swaps a refresh token for a new session.
 */
import type { AuthContext } from './auth-context.ts';
import { badRequest, unprocessable } from './auth-error.ts';
import { absentUserHash, verifyPassword } from './passwords.ts';
import { optionalString } from './request-body.ts';
import { openSession, refreshSession, type SessionResponse } from './sessions.ts';
import { findUserByEmail } from './users.ts';

const INVALID_LOGIN = 'Invalid login credentials';

export async function grantToken(ctx: AuthContext, grantType: string | null, body: Record<string, unknown>): Promise<SessionResponse> {
  if (grantType === 'password') return passwordGrant(ctx, body);
  if (grantType === 'refresh_token')
    return refreshSession(
      ctx.sql,
      ctx.tokens,
      { rotation: ctx.config.refreshTokenRotation, reuseIntervalSeconds: ctx.config.refreshTokenReuseIntervalSeconds },
      body.refresh_token,
    );
  throw badRequest(
    'invalid_credentials',
    `unsupported_grant_type: "${grantType ?? ''}"; the local Auth server serves grant_type=password and grant_type=refresh_token`,
  );
}

async function passwordGrant(ctx: AuthContext, body: Record<string, unknown>): Promise<SessionResponse> {
  if (body.phone !== undefined && body.phone !== '')
    throw unprocessable('phone_provider_disabled', 'Phone logins are disabled: the local Auth server signs in with email and password');
  const email = optionalString(body, 'email')?.trim().toLowerCase();
  const password = optionalString(body, 'password') ?? '';
  if (!email) throw badRequest('validation_failed', 'missing email or phone');
  const user = await findUserByEmail(ctx.sql, email);
  const matches = await verifyPassword(password, user?.encrypted_password ?? (await absentUserHash()));
  if (!user || !matches) throw badRequest('invalid_credentials', INVALID_LOGIN);
  if (user.banned_until && Date.parse(user.banned_until) > Date.now()) throw badRequest('user_banned', 'User is banned');
  if (!user.email_confirmed_at) throw badRequest('email_not_confirmed', 'Email not confirmed');
  return openSession(ctx.sql, ctx.tokens, user);
}
