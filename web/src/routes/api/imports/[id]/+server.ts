/** GET one import with its per-row errors (the progress page's live snapshot). */

import { error, json } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { getImport } from '$lib/server/imports/import-rows.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
  if (!locals.user) error(401, 'Sign in first.');
  const row = await asUser(db(), locals.user.id, (tx) => getImport(tx, params.id));
  if (!row) return json({ error: 'No such import in your workspaces.' }, { status: 404 });
  return json({ import: row });
};
