/** GET /api/settings/deliveries/<id>/attempts: each HTTP attempt of one delivery (status or error, duration). */
import { json } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { isUuid } from '$lib/server/jobs/job-rows.ts';
import { deliveryAttempts } from '$lib/server/settings/deliveries.ts';
import { answer, SettingsError } from '$lib/server/settings/settings-error.ts';
import { requireWorkspace } from '$lib/server/settings/settings-request.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ locals, params }) =>
  answer(async () => {
    const { userId, workspaceId } = requireWorkspace(locals);
    if (!isUuid(params.id)) throw new SettingsError(404, 'No such delivery in this workspace.');
    return json({ attempts: await asUser(db(), userId, (tx) => deliveryAttempts(tx, workspaceId, params.id)) });
  });
