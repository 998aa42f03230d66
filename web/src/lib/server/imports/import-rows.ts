/** SQL on public.imports, always inside asUser so RLS decides: the list, one row, and a new pending row. */
import type { TransactionSql } from '@tagwright/shared/db';
import type { ImportRow } from '../../imports/types.ts';

const COLUMNS =
  'id, file_name, sheet, status, column_map, total_rows, imported_rows, error_rows, errors, error, created_at, updated_at, started_at, finished_at';

/** The workspace's imports, newest first; per-row errors left out (the list shows counts). */
export async function listImports(tx: TransactionSql, workspaceId: string, limit = 50): Promise<ImportRow[]> {
  return tx<ImportRow[]>`
    select ${tx.unsafe(COLUMNS.replace('errors, ', "'[]'::jsonb as errors, "))}
    from public.imports where workspace_id = ${workspaceId} order by created_at desc limit ${limit}`;
}

export async function getImport(tx: TransactionSql, id: string): Promise<ImportRow | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await tx<ImportRow[]>`select ${tx.unsafe(COLUMNS)} from public.imports where id = ${id}`;
  return row;
}

/** Whether the signed-in user may write the workspace (editor or owner), as the RLS policies decide it. */
export async function canWriteWorkspace(tx: TransactionSql, workspaceId: string): Promise<boolean> {
  const [row] = await tx<{ ok: boolean }[]>`select public.can_write_workspace(${workspaceId}) as ok`;
  return row?.ok === true;
}

/** The pending imports row the background import then fills; RLS refuses it for viewers. */
export async function createImport(tx: TransactionSql, workspaceId: string, fileName: string, sheet: string | null): Promise<string> {
  const [row] = await tx<{ id: string }[]>`
    insert into public.imports (workspace_id, file_name, sheet, status) values (${workspaceId}, ${fileName}, ${sheet}, 'pending') returning id`;
  if (!row) throw new Error('the import row was not created');
  return row.id;
}
