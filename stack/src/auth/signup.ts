/**
 * POST /auth/v1/signup (supabase.auth.signUp) with email and password. Locally there is no mail,
 * so a new user is confirmed at once and gets a session, as with `enable_confirmations = false`.
 */
import type { AuthContext } from './auth-context.ts';
import { badRequest, unprocessable } from './auth-error.ts';
import { optionalObject, optionalString } from './request-body.ts';
import { openSession, type SessionResponse } from './sessions.ts';
import { createUser } from './users.ts';

export async function signUp(ctx: AuthContext, body: Record<string, unknown>): Promise<SessionResponse> {
  if (body.phone !== undefined && body.phone !== '')
    throw badRequest('phone_provider_disabled', 'Phone signups are disabled: the local Auth server signs up with email and password');
  const email = optionalString(body, 'email');
  const password = optionalString(body, 'password');
  if (!password) throw badRequest('validation_failed', 'Signup requires a valid password');
  if (!ctx.config.enableSignup)
    throw unprocessable(
      'signup_disabled',
      'Signups not allowed for this instance (auth.enable_signup = false in supabase/config.toml); ask an admin to add you with `tagwright user add`',
    );
  const user = await createUser(
    ctx.sql,
    { email: email ?? '', password, userMetadata: optionalObject(body, 'data') ?? {} },
    { minimumPasswordLength: ctx.config.minimumPasswordLength, duplicateCode: 'user_already_exists' },
  );
  return openSession(ctx.sql, ctx.tokens, user);
}
