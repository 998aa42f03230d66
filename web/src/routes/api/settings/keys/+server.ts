/** POST /api/settings/keys {name, rate_limit_per_minute?}: a new API key, returned in full this once (owners and editors). */
import { json } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { createApiKey } from '$lib/server/settings/api-keys.ts';
import { answer, SettingsError } from '$lib/server/settings/settings-error.ts';
import { jsonBody, requireWorkspace } from '$lib/server/settings/settings-request.ts';
import { checkApiKeyInput } from '$lib/settings/api-key-input.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
  answer(async () => {
    const { userId, workspaceId } = requireWorkspace(event.locals);
    const checked = checkApiKeyInput(await jsonBody(event));
    if (!checked.ok) throw new SettingsError(400, checked.message, checked.field);
    const created = await asUser(db(), userId, (tx) => createApiKey(tx, workspaceId, checked.input));
    return json(created, { status: 201 });
  });
