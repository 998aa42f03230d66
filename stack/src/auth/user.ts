/**
 * GET /auth/v1/user (getUser) and PUT /auth/v1/user (updateUser: password, email, data) for the
 * signed-in user, and POST /auth/v1/logout (signOut: global, local or others).
 */
import type http from 'node:http';
import { requireUser } from './access-token.ts';
import type { AuthContext } from './auth-context.ts';
import { badRequest, unprocessable } from './auth-error.ts';
import { verifyPassword } from './passwords.ts';
import { optionalObject, optionalString } from './request-body.ts';
import { closeSessions, type LogoutScope } from './sessions.ts';
import { updateUser, userJson } from './users.ts';

export async function getUser(ctx: AuthContext, req: http.IncomingMessage) {
  const { user } = await requireUser(ctx.sql, ctx.tokens.secret, req);
  return userJson(user);
}

export async function putUser(ctx: AuthContext, req: http.IncomingMessage, body: Record<string, unknown>) {
  const { user } = await requireUser(ctx.sql, ctx.tokens.secret, req);
  if (body.phone !== undefined && body.phone !== '')
    throw badRequest('phone_provider_disabled', 'Phone numbers are not supported by the local Auth server');
  const password = optionalString(body, 'password');
  if (password !== undefined && (await verifyPassword(password, user.encrypted_password)))
    throw unprocessable('same_password', 'New password should be different from the old password.');
  const updated = await updateUser(
    ctx.sql,
    user.id,
    { email: optionalString(body, 'email'), password, userMetadata: optionalObject(body, 'data') },
    { minimumPasswordLength: ctx.config.minimumPasswordLength },
  );
  return userJson(updated);
}

const SCOPES = new Set<LogoutScope>(['global', 'local', 'others']);

export async function logout(ctx: AuthContext, req: http.IncomingMessage, scopeParam: string | null): Promise<void> {
  const scope = (scopeParam || 'global') as LogoutScope;
  if (!SCOPES.has(scope)) throw badRequest('validation_failed', `Unsupported logout scope "${scopeParam}": use global, local or others`);
  const { user, sessionId } = await requireUser(ctx.sql, ctx.tokens.secret, req);
  await closeSessions(ctx.sql, user.id, sessionId, scope);
}
