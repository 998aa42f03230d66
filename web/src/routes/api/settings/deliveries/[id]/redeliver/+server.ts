/** POST /api/settings/deliveries/<id>/redeliver: send it again, a fresh round of attempts (owners and editors). */
import { json } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { isUuid } from '$lib/server/jobs/job-rows.ts';
import { redeliver } from '$lib/server/settings/deliveries.ts';
import { answer, SettingsError } from '$lib/server/settings/settings-error.ts';
import { requireWorkspace } from '$lib/server/settings/settings-request.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ locals, params }) =>
  answer(async () => {
    const { userId, workspaceId } = requireWorkspace(locals);
    if (!isUuid(params.id)) throw new SettingsError(404, 'No such delivery in this workspace.');
    await asUser(db(), userId, (tx) => redeliver(tx, workspaceId, params.id));
    return json({ status: 'pending' }, { status: 202 });
  });
