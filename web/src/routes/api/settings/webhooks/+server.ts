/** POST /api/settings/webhooks {url, format?, events?}: adds a webhook (owners and editors); a bad field is a 400 naming it. */
import { json } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import type { WebhookInput } from '@tagwright/shared/schemas';
import { db } from '$lib/server/db.ts';
import { answer } from '$lib/server/settings/settings-error.ts';
import { jsonBody, requireWorkspace } from '$lib/server/settings/settings-request.ts';
import { addWebhook, checkWebhook } from '$lib/server/settings/webhooks.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
  answer(async () => {
    const { userId, workspaceId } = requireWorkspace(event.locals);
    const input = checkWebhook(await jsonBody(event)) as WebhookInput;
    return json(await asUser(db(), userId, (tx) => addWebhook(tx, workspaceId, input)), { status: 201 });
  });
