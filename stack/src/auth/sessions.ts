/**
 * Sessions and refresh tokens as GoTrue keeps them (auth.sessions, auth.refresh_tokens): a sign-in
 * opens a session with its first refresh token; a refresh swaps the token for a child in the same
 * session, with GoTrue's reuse rules; signing out deletes sessions, and their tokens with them.
 */
import { randomBytes } from 'node:crypto';
import type { Sql, TransactionSql } from '@tagwright/shared';
import { signAccessToken, type TokenSettings } from './access-token.ts';
import { badRequest, type GoTrueError } from './auth-error.ts';
import { findUserById, USER_COLUMNS, type UserRow, userJson } from './users.ts';

const INSTANCE_ID = '00000000-0000-0000-0000-000000000000';

export interface RefreshRules {
  rotation: boolean;
  reuseIntervalSeconds: number;
}

export interface SessionResponse {
  access_token: string;
  token_type: 'bearer';
  expires_in: number;
  expires_at: number;
  refresh_token: string;
  user: Record<string, unknown>;
}

const newRefreshToken = () => randomBytes(16).toString('hex');

async function respond(settings: TokenSettings, user: UserRow, session: { id: string; signedInAt: number }, refreshToken: string) {
  const { token, expiresAt } = await signAccessToken(settings, user, session);
  const response: SessionResponse = {
    access_token: token,
    token_type: 'bearer',
    expires_in: settings.expirySeconds,
    expires_at: expiresAt,
    refresh_token: refreshToken,
    user: userJson(user),
  };
  return response;
}

/** A new session for a user who just proved who they are (sign-up or password). */
export async function openSession(sql: Sql, settings: TokenSettings, user: UserRow): Promise<SessionResponse> {
  const opened = await sql.begin(async (tx) => {
    const [session] = await tx<{ id: string; signed_in_at: number }[]>`
      insert into auth.sessions (id, user_id, created_at, updated_at, aal)
      values (gen_random_uuid(), ${user.id}, now(), now(), 'aal1')
      returning id, floor(extract(epoch from created_at))::float8 as signed_in_at`;
    if (!session) throw new Error('insert into auth.sessions returned no row');
    const refreshToken = newRefreshToken();
    await tx`insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, session_id)
             values (${INSTANCE_ID}, ${refreshToken}, ${user.id}, false, now(), now(), ${session.id})`;
    const [signedIn] = await tx.unsafe<UserRow[]>(
      `update auth.users set last_sign_in_at = now(), updated_at = now() where id = $1 returning ${USER_COLUMNS}`,
      [user.id],
    );
    return { session: { id: session.id, signedInAt: session.signed_in_at }, refreshToken, user: signedIn ?? user };
  });
  return respond(settings, opened.user, opened.session, opened.refreshToken);
}

interface TokenRow {
  id: string;
  token: string;
  user_id: string;
  revoked: boolean;
  parent: string | null;
  session_id: string | null;
  revoked_for_s: number;
}

/**
 * grant_type=refresh_token. A revoked token is accepted when it is the parent of the session's
 * active token (the client lost the answer: it gets that token again) or within the reuse interval;
 * later reuse looks like a stolen token, so (with rotation on) the whole session is revoked.
 */
export async function refreshSession(sql: Sql, settings: TokenSettings, rules: RefreshRules, refreshToken: unknown) {
  if (typeof refreshToken !== 'string' || refreshToken === '') throw badRequest('validation_failed', 'refresh_token required');
  const outcome = await sql.begin(async (tx): Promise<{ error: GoTrueError } | { user: UserRow; session: SessionRef; token: string }> => {
    const [token] = await tx<TokenRow[]>`
      select id, token, user_id, revoked, parent, session_id,
             extract(epoch from now() - updated_at)::float8 as revoked_for_s
      from auth.refresh_tokens where token = ${refreshToken} for update`;
    if (!token) return { error: badRequest('refresh_token_not_found', 'Invalid Refresh Token: Refresh Token Not Found') };
    const [session] = token.session_id
      ? await tx<{ id: string; signed_in_at: number; expired: boolean }[]>`
          select id, floor(extract(epoch from created_at))::float8 as signed_in_at, coalesce(not_after < now(), false) as expired
          from auth.sessions where id = ${token.session_id} for update`
      : [];
    if (!session) return { error: badRequest('session_not_found', 'Invalid Refresh Token: No Valid Session Found') };
    if (session.expired) return { error: badRequest('session_expired', 'Invalid Refresh Token: Session Expired') };
    const user = await findUserById(tx, token.user_id);
    if (!user) return { error: badRequest('user_not_found', 'Invalid Refresh Token: User Not Found') };

    let issued: string | undefined;
    if (token.revoked) {
      const [active] = await tx<{ token: string; parent: string | null }[]>`
        select token, parent from auth.refresh_tokens where session_id = ${session.id} and revoked = false
        order by updated_at desc, id desc limit 1`;
      if (active && active.parent === token.token) issued = active.token;
      else if (token.revoked_for_s > rules.reuseIntervalSeconds) {
        if (rules.rotation)
          await tx`update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = ${session.id} and revoked = false`;
        return { error: badRequest('refresh_token_already_used', 'Invalid Refresh Token: Already Used') };
      }
    }
    if (!issued) {
      issued = newRefreshToken();
      await tx`update auth.refresh_tokens set revoked = true, updated_at = now() where id = ${token.id} and not revoked`;
      await tx`insert into auth.refresh_tokens (instance_id, token, user_id, revoked, created_at, updated_at, parent, session_id)
               values (${INSTANCE_ID}, ${issued}, ${token.user_id}, false, now(), now(), ${token.token}, ${session.id})`;
    }
    await tx`update auth.sessions set refreshed_at = now() at time zone 'UTC', updated_at = now() where id = ${session.id}`;
    return { user, session: { id: session.id, signedInAt: session.signed_in_at }, token: issued };
  });
  // The family revocation above is committed before the error is answered.
  if ('error' in outcome) throw outcome.error;
  return respond(settings, outcome.user, outcome.session, outcome.token);
}

interface SessionRef {
  id: string;
  signedInAt: number;
}

export type LogoutScope = 'global' | 'local' | 'others';

/** Deletes sessions (their refresh tokens go with them): this one, all but this one, or all the user's. */
export async function closeSessions(sql: Sql | TransactionSql, userId: string, sessionId: string | undefined, scope: LogoutScope) {
  if (sessionId && scope === 'local') await sql`delete from auth.sessions where id = ${sessionId}`;
  else if (sessionId && scope === 'others') await sql`delete from auth.sessions where user_id = ${userId} and id <> ${sessionId}`;
  else await sql`delete from auth.sessions where user_id = ${userId}`;
}
