/** The dashboard's first paint, server-rendered as the user: system health, the workspace's jobs, events and 24 h activity. */
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { checkHealth } from '$lib/server/health.ts';
import { dashboardStats } from '$lib/server/jobs/dashboard-stats.ts';
import { listJobs } from '$lib/server/jobs/job-rows.ts';
import { workspaceTemplates } from '$lib/server/jobs/new-job-choices.ts';
import { recentEvents } from '$lib/server/jobs/workspace-events.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const health = checkHealth();
  const workspace = locals.workspace;
  if (!locals.user || !workspace) return { health: await health, jobs: [], events: [], stats: null, templateNames: {} };
  const [jobs, events, stats, templates] = await asUser(db(), locals.user.id, (tx) =>
    Promise.all([
      listJobs(tx, workspace.id),
      recentEvents(tx, workspace.id),
      dashboardStats(tx, workspace.id),
      workspaceTemplates(tx, workspace.id),
    ]),
  );
  // names for jobs that arrive live (their rows carry only the template's id)
  const templateNames: Record<string, string> = Object.fromEntries(templates.map((t) => [t.id, t.name]));
  return { health: await health, jobs, events, stats, templateNames };
};
