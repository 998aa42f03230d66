/**
 * auth.users rows as GoTrue keeps them, and the user JSON GoTrue answers with. createUser is the
 * one way users are made: by /signup, by the admin API (supabase.auth.admin.createUser) and by
 * `tagwright user add` / the demo user, so all of them store the same row and bcrypt hash.
 */
import type { Sql, TransactionSql } from '@tagwright/shared';
import { badRequest, GoTrueError, unprocessable } from './auth-error.ts';
import { checkPasswordStrength, hashPassword } from './passwords.ts';

type Json = Record<string, unknown>;

export interface UserRow {
  id: string;
  aud: string | null;
  role: string | null;
  email: string | null;
  encrypted_password: string | null;
  email_confirmed_at: string | null;
  phone: string | null;
  phone_confirmed_at: string | null;
  last_sign_in_at: string | null;
  raw_app_meta_data: Json | null;
  raw_user_meta_data: Json | null;
  created_at: string | null;
  updated_at: string | null;
  banned_until: string | null;
  is_anonymous: boolean;
}

/** GoTrue's zero instance id: every user of a single-tenant GoTrue carries it. */
const INSTANCE_ID = '00000000-0000-0000-0000-000000000000';

// Timestamps as GoTrue prints them (RFC 3339, UTC), whatever the session's TimeZone.
const utc = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as ${column}`;
export const USER_COLUMNS = [
  'id',
  'aud',
  'role',
  'email',
  'encrypted_password',
  'phone',
  'raw_app_meta_data',
  'raw_user_meta_data',
  'coalesce(is_anonymous, false) as is_anonymous',
  ...['email_confirmed_at', 'phone_confirmed_at', 'last_sign_in_at', 'created_at', 'updated_at', 'banned_until'].map(utc),
].join(', ');

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The address as GoTrue stores it (trimmed, lower case), or 400 validation_failed. */
export function normaliseEmail(email: unknown): string {
  if (typeof email !== 'string' || email.trim() === '') throw badRequest('validation_failed', 'An email address is required');
  const normal = email.trim().toLowerCase();
  if (normal.length > 255) throw badRequest('validation_failed', 'An email address is too long');
  if (!EMAIL.test(normal)) throw badRequest('validation_failed', `Unable to validate email address: "${email}" is not a valid format`);
  return normal;
}

export function isValidEmail(email: string): boolean {
  return EMAIL.test(email.trim().toLowerCase());
}

export async function findUserByEmail(sql: Sql | TransactionSql, email: string): Promise<UserRow | undefined> {
  const [row] = await sql.unsafe<UserRow[]>(`select ${USER_COLUMNS} from auth.users where email = $1 and deleted_at is null`, [email]);
  return row;
}

export async function findUserById(sql: Sql | TransactionSql, id: string): Promise<UserRow | undefined> {
  const [row] = await sql.unsafe<UserRow[]>(`select ${USER_COLUMNS} from auth.users where id = $1`, [id]);
  return row;
}

export interface NewUser {
  email: string;
  /** Omitted: the user can't sign in with a password until one is set. */
  password?: string;
  userMetadata?: Json;
  appMetadata?: Json;
  /** Locally there is no mail: users are confirmed at once unless asked otherwise. */
  emailConfirmed?: boolean;
}

export interface UserRules {
  minimumPasswordLength: number;
  /** GoTrue says user_already_exists on /signup and email_exists on the admin API. */
  duplicateCode?: 'user_already_exists' | 'email_exists';
}

const DUPLICATE_MESSAGE = {
  user_already_exists: 'User already registered',
  email_exists: 'A user with this email address has already been registered',
};

/** Inserts the user as GoTrue would (email provider, identity data in user_metadata); 422 when the email is taken. */
export async function createUser(sql: Sql, input: NewUser, rules: UserRules): Promise<UserRow> {
  const email = normaliseEmail(input.email);
  if (input.password !== undefined) checkPasswordStrength(input.password, rules.minimumPasswordLength);
  const duplicate = rules.duplicateCode ?? 'email_exists';
  if (await findUserByEmail(sql, email)) throw unprocessable(duplicate, DUPLICATE_MESSAGE[duplicate]);
  const hash = input.password === undefined ? null : await hashPassword(input.password);
  const confirmed = input.emailConfirmed ?? true;
  const appMetadata = { provider: 'email', providers: ['email'], ...input.appMetadata };
  try {
    const [row] = await sql.unsafe<UserRow[]>(
      `with id as (select gen_random_uuid() as id)
       insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
                               raw_app_meta_data, raw_user_meta_data, created_at, updated_at, is_sso_user, is_anonymous)
       select $1::uuid, id.id, 'authenticated', 'authenticated', $2::text, $3::text, case when $4::boolean then now() end, $5::jsonb,
              $6::jsonb || jsonb_build_object('sub', id.id::text, 'email', $2::text, 'email_verified', $4::boolean,
                                              'phone_verified', false),
              now(), now(), false, false
       from id
       returning ${USER_COLUMNS}`,
      [INSTANCE_ID, email, hash, confirmed, appMetadata, input.userMetadata ?? {}] as never[],
    );
    if (!row) throw new Error('insert into auth.users returned no row');
    return row;
  } catch (error) {
    // Two sign-ups for one address at once: the unique index decides.
    if ((error as { code?: string }).code === '23505') throw unprocessable(duplicate, DUPLICATE_MESSAGE[duplicate]);
    throw error;
  }
}

export interface UserChanges {
  email?: string;
  password?: string;
  /** Merged into user_metadata; a null value removes the key (GoTrue's rule). */
  userMetadata?: Json;
  appMetadata?: Json;
  emailConfirmed?: boolean;
}

export async function updateUser(sql: Sql, id: string, changes: UserChanges, rules: UserRules): Promise<UserRow> {
  const email = changes.email === undefined ? null : normaliseEmail(changes.email);
  if (changes.password !== undefined) checkPasswordStrength(changes.password, rules.minimumPasswordLength);
  if (email) {
    const holder = await findUserByEmail(sql, email);
    if (holder && holder.id !== id) throw unprocessable('email_exists', DUPLICATE_MESSAGE.email_exists);
  }
  const hash = changes.password === undefined ? null : await hashPassword(changes.password);
  const merge = (value: Json | undefined) => (value === undefined ? null : value);
  const [row] = await sql.unsafe<UserRow[]>(
    `update auth.users set
       email = coalesce($2, email),
       encrypted_password = coalesce($3, encrypted_password),
       raw_user_meta_data = case when $4::jsonb is null then raw_user_meta_data
         else jsonb_strip_nulls(coalesce(raw_user_meta_data, '{}') || $4::jsonb) end,
       raw_app_meta_data = case when $5::jsonb is null then raw_app_meta_data
         else jsonb_strip_nulls(coalesce(raw_app_meta_data, '{}') || $5::jsonb) end,
       email_confirmed_at = case when $6::boolean is true then coalesce(email_confirmed_at, now())
         when $6::boolean is false then null else email_confirmed_at end,
       updated_at = now()
     where id = $1
     returning ${USER_COLUMNS}`,
    [id, email, hash, merge(changes.userMetadata), merge(changes.appMetadata), changes.emailConfirmed ?? null] as never[],
  );
  if (!row) throw new GoTrueError(404, 'user_not_found', 'User not found');
  return row;
}

/** The user as GoTrue's API shows it (never the password hash). */
export function userJson(user: UserRow): Json {
  const identityData = { email: user.email, email_verified: user.email_confirmed_at !== null, phone_verified: false, sub: user.id };
  return {
    id: user.id,
    aud: user.aud ?? 'authenticated',
    role: user.role ?? 'authenticated',
    email: user.email ?? '',
    email_confirmed_at: user.email_confirmed_at ?? undefined,
    phone: user.phone ?? '',
    phone_confirmed_at: user.phone_confirmed_at ?? undefined,
    confirmed_at: user.email_confirmed_at ?? user.phone_confirmed_at ?? undefined,
    last_sign_in_at: user.last_sign_in_at ?? undefined,
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    // The email identity GoTrue keeps in auth.identities, derived here from the user row.
    identities: user.email
      ? [
          {
            identity_id: user.id,
            id: user.id,
            user_id: user.id,
            identity_data: identityData,
            provider: 'email',
            last_sign_in_at: user.last_sign_in_at ?? undefined,
            created_at: user.created_at,
            updated_at: user.updated_at,
            email: user.email,
          },
        ]
      : [],
    created_at: user.created_at,
    updated_at: user.updated_at,
    banned_until: user.banned_until ?? undefined,
    is_anonymous: user.is_anonymous,
  };
}
