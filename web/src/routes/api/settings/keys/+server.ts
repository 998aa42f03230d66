/** POST /api/settings/keys {name, rate_limit_per_minute?}: a new API key, returned in full this once (owners and editors). */
import { json } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { createApiKey } from '$lib/server/settings/api-keys.ts';
import { answer, SettingsError } from '$lib/server/settings/settings-error.ts';
import { jsonBody, requireWorkspace } from '$lib/server/settings/settings-request.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = (event) =>
  answer(async () => {
    const { userId, workspaceId } = requireWorkspace(event.locals);
    const body = await jsonBody(event);
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (name.length < 1 || name.length > 100)
      throw new SettingsError(400, 'Give the key a name (1–100 characters), e.g. what will use it.', 'name');
    const rate = body.rate_limit_per_minute === undefined || body.rate_limit_per_minute === '' ? 60 : Number(body.rate_limit_per_minute);
    if (!Number.isInteger(rate) || rate < 1 || rate > 100_000)
      throw new SettingsError(400, 'The rate limit is requests per minute: a whole number from 1 to 100000.', 'rate_limit_per_minute');
    const created = await asUser(db(), userId, (tx) => createApiKey(tx, workspaceId, { name, rate_limit_per_minute: rate }));
    return json(created, { status: 201 });
  });
