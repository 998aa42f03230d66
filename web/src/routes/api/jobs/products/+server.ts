/** GET products of the current workspace by name or SKU (`q`) for the new-job form; `ids=all` gives every match's id. */
import { error, json } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { matchingProductIds, searchProducts } from '$lib/server/jobs/new-job-choices.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, url }) => {
  if (!locals.user) error(401, 'Sign in first.');
  const workspace = locals.workspace;
  if (!workspace) return json({ error: 'You are not in a workspace yet.' }, { status: 404 });
  const query = (url.searchParams.get('q') ?? '').slice(0, 200);
  if (url.searchParams.get('ids') === 'all')
    return json({ ids: await asUser(db(), locals.user.id, (tx) => matchingProductIds(tx, workspace.id, query)) });
  return json(await asUser(db(), locals.user.id, (tx) => searchProducts(tx, workspace.id, query)));
};
