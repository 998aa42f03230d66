/** A job's monitor: its rows as the user may see them (404 otherwise); actions cancel it or start a retry as the user. */
import { error, fail, redirect } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { isRetryMode } from '$lib/jobs/retry-selection.ts';
import { db } from '$lib/server/db.ts';
import { requestCancel } from '$lib/server/jobs/cancel-job.ts';
import { JobRequestError } from '$lib/server/jobs/create-job.ts';
import { jobSnapshot } from '$lib/server/jobs/job-snapshot.ts';
import { retryJob } from '$lib/server/jobs/retry-job.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  if (!locals.user) error(401, 'Sign in first.');
  const snapshot = await asUser(db(), locals.user.id, (tx) => jobSnapshot(tx, params.id));
  if (!snapshot) error(404, 'No such job in your workspaces.');
  return { snapshot };
};

export const actions: Actions = {
  cancel: async ({ locals, params }) => {
    if (!locals.user) return fail(401, { action: 'cancel', message: 'Your session ended; sign in again.' });
    const userId = locals.user.id;
    try {
      await asUser(db(), userId, (tx) => requestCancel(tx, params.id));
    } catch (e) {
      if (e instanceof JobRequestError) return fail(e.status, { action: 'cancel', message: e.message });
      throw e;
    }
    return { action: 'cancel', message: 'Cancel requested: the worker stops within a second.' };
  },
  retry: async ({ locals, params, request }) => {
    if (!locals.user) return fail(401, { action: 'retry', message: 'Your session ended; sign in again.' });
    const mode = (await request.formData()).get('mode');
    if (!isRetryMode(mode)) return fail(400, { action: 'retry', message: 'Choose what to retry: all, failed only or mismatched only.' });
    const userId = locals.user.id;
    let id: string;
    try {
      id = await asUser(db(), userId, (tx) => retryJob(tx, params.id, mode));
    } catch (e) {
      if (e instanceof JobRequestError) return fail(e.status, { action: 'retry', message: e.message });
      throw e;
    }
    redirect(303, `/jobs/${id}`);
  },
};
