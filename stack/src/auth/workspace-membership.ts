/**
 * Puts a user in a Tagwright workspace (public.workspaces / workspace_members): the seed's Demo
 * workspace by default, else one found — or created, with the user as owner — by name. Runs as the
 * superuser, so it works before anyone can sign in; the tables' triggers still keep an owner.
 */
import type { Sql } from '@tagwright/shared';
import { StackError } from '../errors.ts';

/** The workspace supabase/seed.sql makes. */
export const DEMO_WORKSPACE_ID = '00000000-0000-4000-8000-000000000001';
export const MEMBER_ROLES = ['owner', 'editor', 'viewer'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export interface Membership {
  workspaceId: string;
  workspaceName: string;
  /** The workspace did not exist and was made for this user. */
  createdWorkspace: boolean;
  role: MemberRole;
}

export async function joinWorkspace(sql: Sql, userId: string, workspaceName: string | undefined, role: MemberRole): Promise<Membership> {
  if (workspaceName === undefined) {
    const [demo] = await sql<{ name: string }[]>`select name from public.workspaces where id = ${DEMO_WORKSPACE_ID}`;
    if (!demo)
      throw new StackError(
        `The Demo workspace (${DEMO_WORKSPACE_ID}) is not in this database: load supabase/seed.sql or pass --workspace NAME.`,
      );
    return { ...(await setRole(sql, DEMO_WORKSPACE_ID, userId, role)), workspaceName: demo.name, createdWorkspace: false };
  }
  const name = workspaceName.trim();
  const found = await sql<{ id: string }[]>`select id from public.workspaces where name = ${name} order by created_at`;
  if (found.length > 1) throw new StackError(`${found.length} workspaces are named "${name}": rename one of them, then try again.`);
  if (found[0]) return { ...(await setRole(sql, found[0].id, userId, role)), workspaceName: name, createdWorkspace: false };
  // The workspaces_add_owner trigger makes the creator its owner.
  const [created] = await sql<{ id: string }[]>`insert into public.workspaces (name, created_by) values (${name}, ${userId}) returning id`;
  if (!created) throw new Error('insert into public.workspaces returned no row');
  return { workspaceId: created.id, workspaceName: name, createdWorkspace: true, role: 'owner' };
}

async function setRole(sql: Sql, workspaceId: string, userId: string, role: MemberRole) {
  try {
    await sql`insert into public.workspace_members (workspace_id, user_id, role) values (${workspaceId}, ${userId}, ${role})
              on conflict (workspace_id, user_id) do update set role = excluded.role`;
  } catch (error) {
    // keep_last_owner: the message says what to do.
    if ((error as { code?: string }).code === '23514') throw new StackError((error as Error).message);
    throw error;
  }
  return { workspaceId, role };
}
