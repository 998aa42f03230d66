/** GET ?q&job&verified&template&from&to&page: one page of the workspace's labels and the total (the library's live snapshot). */

import { json } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { parseFilters } from '$lib/labels/label-filter.ts';
import { db } from '$lib/server/db.ts';
import { listLabels } from '$lib/server/labels/label-rows.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
  const { user, workspace } = locals;
  if (!user || !workspace) return json({ error: 'Pick a workspace first.' }, { status: 400 });
  return json(await asUser(db(), user.id, (tx) => listLabels(tx, workspace.id, parseFilters(url.searchParams))));
};
