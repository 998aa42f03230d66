/** GET one job's rows (jobs, items, screenshots, OCR, matches, labels, newest 200 events) for the monitor's live view; 404 when not visible. */
import { error, json } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { jobSnapshot } from '$lib/server/jobs/job-snapshot.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
  if (!locals.user) error(401, 'Sign in first.');
  const snapshot = await asUser(db(), locals.user.id, (tx) => jobSnapshot(tx, params.id));
  if (!snapshot) return json({ error: 'No such job in your workspaces.' }, { status: 404 });
  return json(snapshot);
};
