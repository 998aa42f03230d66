/**
 * The admin API the service role uses (supabase.auth.admin.createUser, listUsers, getUserById,
 * updateUserById, deleteUser) under /auth/v1/admin/users. The bearer must be the service-role key.
 */
import type http from 'node:http';
import { requireClaims } from './access-token.ts';
import type { AuthContext } from './auth-context.ts';
import { badRequest, forbidden, notFound } from './auth-error.ts';
import { optionalObject, optionalString } from './request-body.ts';
import { closeSessions } from './sessions.ts';
import { createUser, findUserById, USER_COLUMNS, type UserRow, updateUser, userJson } from './users.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function requireAdmin(ctx: AuthContext, req: http.IncomingMessage): Promise<void> {
  const claims = await requireClaims(ctx.tokens.secret, req);
  if (claims.role !== 'service_role')
    throw forbidden('not_admin', 'User not allowed: the admin API needs the service-role key as bearer token');
}

export async function adminCreateUser(ctx: AuthContext, body: Record<string, unknown>) {
  const email = optionalString(body, 'email');
  if (!email) throw badRequest('validation_failed', 'Cannot create a user without either an email or phone');
  const user = await createUser(
    ctx.sql,
    {
      email,
      password: optionalString(body, 'password') || undefined,
      userMetadata: optionalObject(body, 'user_metadata') ?? optionalObject(body, 'data'),
      appMetadata: optionalObject(body, 'app_metadata'),
      emailConfirmed: body.email_confirm === true,
    },
    // GoTrue's admin API checks no strength rule on create (only bcrypt's 72-byte limit).
    { minimumPasswordLength: 0, duplicateCode: 'email_exists' },
  );
  return userJson(user);
}

export async function adminListUsers(ctx: AuthContext, params: URLSearchParams, res: http.ServerResponse) {
  const page = positive(params.get('page'), 1, 'page');
  const perPage = positive(params.get('per_page'), 50, 'per_page');
  const [{ total } = { total: 0 }] = await ctx.sql<{ total: number }[]>`select count(*)::int as total from auth.users`;
  const users = await ctx.sql.unsafe<UserRow[]>(`select ${USER_COLUMNS} from auth.users order by created_at, id limit $1 offset $2`, [
    perPage,
    (page - 1) * perPage,
  ]);
  const last = Math.max(1, Math.ceil(total / perPage));
  const links = [
    ...(page < last ? [`</admin/users?page=${page + 1}&per_page=${perPage}>; rel="next"`] : []),
    `</admin/users?page=${last}&per_page=${perPage}>; rel="last"`,
  ];
  res.setHeader('x-total-count', String(total));
  res.setHeader('link', links.join(', '));
  return { users: users.map(userJson), aud: 'authenticated' };
}

export async function adminGetUser(ctx: AuthContext, id: string) {
  return userJson(await existingUser(ctx, id));
}

export async function adminUpdateUser(ctx: AuthContext, id: string, body: Record<string, unknown>) {
  await existingUser(ctx, id);
  const password = optionalString(body, 'password');
  const updated = await updateUser(
    ctx.sql,
    id,
    {
      email: optionalString(body, 'email'),
      password: password || undefined,
      userMetadata: optionalObject(body, 'user_metadata'),
      appMetadata: optionalObject(body, 'app_metadata'),
      emailConfirmed: body.email_confirm === true ? true : undefined,
    },
    { minimumPasswordLength: ctx.config.minimumPasswordLength },
  );
  return userJson(updated);
}

/** Hard delete by default; should_soft_delete keeps the row (as GoTrue: no email, no password, signed out). */
export async function adminDeleteUser(ctx: AuthContext, id: string, body: Record<string, unknown>) {
  const user = await existingUser(ctx, id);
  if (body.should_soft_delete === true) {
    await ctx.sql.begin(async (tx) => {
      await closeSessions(tx, id, undefined, 'global');
      await tx`update auth.users set email = null, phone = null, encrypted_password = null, deleted_at = now(), updated_at = now()
               where id = ${id}`;
    });
  } else {
    await ctx.sql`delete from auth.users where id = ${id}`;
  }
  return userJson(user);
}

async function existingUser(ctx: AuthContext, id: string): Promise<UserRow> {
  if (!UUID.test(id)) throw notFound('validation_failed', 'user_id must be an UUID');
  const user = await findUserById(ctx.sql, id);
  if (!user) throw notFound('user_not_found', 'User not found');
  return user;
}

function positive(value: string | null, fallback: number, name: string): number {
  if (value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw badRequest('validation_failed', `Bad Pagination Parameters: ${name} must be a whole number of 1 or more`);
  return Math.min(n, name === 'per_page' ? 1000 : n);
}
