/** GET the current workspace's newest jobs and events: the dashboard's live snapshot (SQL as the user). */
import { error, json } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { listJobs } from '$lib/server/jobs/job-rows.ts';
import { recentEvents } from '$lib/server/jobs/workspace-events.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
  if (!locals.user) error(401, 'Sign in first.');
  const workspace = locals.workspace;
  if (!workspace) return json({ jobs: [], job_events: [] });
  const [jobs, job_events] = await asUser(db(), locals.user.id, (tx) =>
    Promise.all([listJobs(tx, workspace.id), recentEvents(tx, workspace.id)]),
  );
  return json({ jobs, job_events });
};
