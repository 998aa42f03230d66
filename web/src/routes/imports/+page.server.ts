/** The imports page: past imports of the workspace (as the user), and the import being re-imported if any. */
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { getImport, listImports } from '$lib/server/imports/import-rows.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const { user, workspace } = locals;
  if (!user || !workspace) return { imports: [], reimport: null };
  const reimportId = url.searchParams.get('reimport');
  return asUser(db(), user.id, async (tx) => {
    const imports = await listImports(tx, workspace.id);
    const previous = reimportId ? await getImport(tx, reimportId) : undefined;
    return {
      imports,
      reimport: previous
        ? { id: previous.id, file_name: previous.file_name, sheet: previous.sheet, column_map: previous.column_map }
        : null,
    };
  });
};
