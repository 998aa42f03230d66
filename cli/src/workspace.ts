/** The workspace a command works in: one named with --workspace, else the Demo workspace. */
import type { Sql } from '@tagwright/shared';
import { DEMO_WORKSPACE_ID } from '@tagwright/stack';
import { UsageError } from './usage-error.ts';

export async function findWorkspace(sql: Sql, name: string | undefined): Promise<string> {
  const [row] = name
    ? await sql<{ id: string }[]>`select id from public.workspaces where name = ${name}`
    : await sql<{ id: string }[]>`select id from public.workspaces where id = ${DEMO_WORKSPACE_ID}`;
  if (!row)
    throw new UsageError(
      name
        ? `no workspace named "${name}" (create it in the dashboard or with \`tagwright user add … --workspace "${name}"\`)`
        : 'the Demo workspace is not in this database; pass --workspace NAME',
    );
  return row.id;
}
