/** PATCH /api/settings/webhooks/<id> (url, format, events, enabled) and DELETE: owners and editors of the workspace. */
import { json } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { isUuid } from '$lib/server/jobs/job-rows.ts';
import { answer, SettingsError } from '$lib/server/settings/settings-error.ts';
import { jsonBody, requireWorkspace } from '$lib/server/settings/settings-request.ts';
import { checkWebhook, deleteWebhook, updateWebhook } from '$lib/server/settings/webhooks.ts';
import type { RequestHandler } from './$types';

export const PATCH: RequestHandler = (event) =>
  answer(async () => {
    const { userId, workspaceId } = requireWorkspace(event.locals);
    if (!isUuid(event.params.id)) throw new SettingsError(404, 'No such webhook in this workspace.');
    const patch = checkWebhook(await jsonBody(event), true);
    return json(await asUser(db(), userId, (tx) => updateWebhook(tx, workspaceId, event.params.id, patch)));
  });

export const DELETE: RequestHandler = ({ locals, params }) =>
  answer(async () => {
    const { userId, workspaceId } = requireWorkspace(locals);
    if (!isUuid(params.id)) throw new SettingsError(404, 'No such webhook in this workspace.');
    await asUser(db(), userId, (tx) => deleteWebhook(tx, workspaceId, params.id));
    return new Response(null, { status: 204 });
  });
