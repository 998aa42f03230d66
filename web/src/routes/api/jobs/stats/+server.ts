/** GET the dashboard's counts per status and hourly activity of the current workspace (SQL as the user). */
import { error, json } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { dashboardStats } from '$lib/server/jobs/dashboard-stats.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
  if (!locals.user) error(401, 'Sign in first.');
  const workspace = locals.workspace;
  if (!workspace) return json({ error: 'You are not in a workspace yet.' }, { status: 404 });
  return json(await asUser(db(), locals.user.id, (tx) => dashboardStats(tx, workspace.id)));
};
