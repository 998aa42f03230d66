/** One import's page: its row as the user may see it, or 404. */

import { error } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { getImport } from '$lib/server/imports/import-rows.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  if (!locals.user) error(401, 'Sign in first.');
  const row = await asUser(db(), locals.user.id, (tx) => getImport(tx, params.id));
  if (!row) error(404, 'No such import in your workspaces.');
  return { importRow: row };
};
