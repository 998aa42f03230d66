/**
 * Starts an import of an upload: the imports row is made as the user (RLS checks they may write the
 * workspace), then importProducts runs in the background and keeps that row current.
 *
 * Why not inside asUser: importProducts commits each chunk's counts and errors as it goes so the
 * page can watch them live (one long transaction would show nothing until the end), and it reserves
 * its own connection, which a transaction cannot give. So the user's right to write the workspace is
 * proven first, as the user, by creating the row under RLS and by can_write_workspace(); only then
 * does the import run, scoped to that workspace and that row.
 */
import { asUser, type Sql } from '@tagwright/shared/db';
import { importProducts } from '@tagwright/worker/import';
import { canWriteWorkspace, createImport } from './import-rows.ts';
import { removeUpload, type Upload } from './uploads.ts';

export class ForbiddenError extends Error {}

export interface StartImport {
  sql: Sql;
  userId: string;
  upload: Upload;
  sheet: string | null;
  /** Overrides of the suggested mapping, "sku=A,price=C". */
  map: string;
}

/** Returns the import's id at once and the running import (for tests; the page watches the row). */
export async function startImport(options: StartImport): Promise<{ id: string; done: Promise<void> }> {
  const { sql, userId, upload } = options;
  const id = await asUser(sql, userId, async (tx) => {
    if (!(await canWriteWorkspace(tx, upload.workspaceId)))
      throw new ForbiddenError('You can view this workspace but not import into it; ask an owner to make you an editor.');
    return createImport(tx, upload.workspaceId, upload.fileName, options.sheet);
  });
  const done = importProducts({
    sql,
    workspaceId: upload.workspaceId,
    file: upload.file,
    importId: id,
    ...(options.sheet ? { sheet: options.sheet } : {}),
    ...(options.map ? { map: options.map } : {}),
  })
    .then(() => undefined)
    // the failure is on the imports row already (status failed, error in words)
    .catch(() => undefined)
    .finally(() => removeUpload(upload).catch(() => undefined));
  return { id, done };
}
