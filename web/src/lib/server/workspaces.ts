/** The workspaces a signed-in user belongs to (read under RLS as that user) and the one they are in. */
import { asUser } from '@tagwright/shared/db';
import { db } from './db.ts';

export interface Membership {
  id: string;
  name: string;
  role: 'owner' | 'editor' | 'viewer';
}

export async function workspacesOf(userId: string): Promise<Membership[]> {
  return asUser(
    db(),
    userId,
    (tx) =>
      tx<Membership[]>`
      select w.id, w.name, m.role::text as role from public.workspaces w
      join public.workspace_members m on m.workspace_id = w.id and m.user_id = auth.uid()
      order by w.name`,
  );
}

/** The chosen workspace (cookie), if the user is still a member; else their first. */
export function currentWorkspace(workspaces: Membership[], chosen: string | undefined): Membership | undefined {
  return workspaces.find((w) => w.id === chosen) ?? workspaces[0];
}
