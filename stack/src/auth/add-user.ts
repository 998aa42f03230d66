/**
 * `tagwright user add` and the demo user: make (or find) a user with a password, and give them a
 * role in a workspace. Users are made by createUser, the same function the admin API uses.
 */
import type { Sql } from '@tagwright/shared';
import { StackError } from '../errors.ts';
import { GoTrueError } from './auth-error.ts';
import { generatePassword } from './passwords.ts';
import { createUser, findUserByEmail, normaliseEmail, updateUser } from './users.ts';
import { joinWorkspace, type MemberRole, type Membership } from './workspace-membership.ts';

export interface AddUserOptions {
  email: string;
  /** Omitted: a new user gets a generated one; an existing user keeps theirs. */
  password?: string;
  /** Omitted: the Demo workspace. */
  workspace?: string;
  role: MemberRole;
  minimumPasswordLength: number;
}

export interface AddedUser {
  userId: string;
  email: string;
  createdUser: boolean;
  /** The password to give the user: the one passed, or a generated one; undefined when unchanged. */
  password: string | undefined;
  generatedPassword: boolean;
  membership: Membership;
}

export async function addUser(sql: Sql, options: AddUserOptions): Promise<AddedUser> {
  try {
    const email = normaliseEmail(options.email);
    const rules = { minimumPasswordLength: options.minimumPasswordLength };
    const existing = await findUserByEmail(sql, email);
    const password = options.password ?? (existing ? undefined : generatePassword());
    const user = existing
      ? password === undefined
        ? existing
        : await updateUser(sql, existing.id, { password, emailConfirmed: true }, rules)
      : await createUser(sql, { email, password, emailConfirmed: true }, rules);
    const membership = await joinWorkspace(sql, user.id, options.workspace, options.role);
    return {
      userId: user.id,
      email,
      createdUser: !existing,
      password,
      generatedPassword: password !== undefined && options.password === undefined,
      membership,
    };
  } catch (error) {
    if (error instanceof GoTrueError) throw new StackError(error.message);
    if ((error as { code?: string }).code === '42P01')
      throw new StackError(`${(error as Error).message}: the database has no Tagwright schema yet; run \`tagwright migrate\` first.`);
    throw error;
  }
}
