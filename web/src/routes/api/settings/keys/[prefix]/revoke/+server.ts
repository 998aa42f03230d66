/** POST /api/settings/keys/<prefix>/revoke: the key gets 401 from now on (owners and editors). */
import { json } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { revokeApiKey } from '$lib/server/settings/api-keys.ts';
import { answer } from '$lib/server/settings/settings-error.ts';
import { requireWorkspace } from '$lib/server/settings/settings-request.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = ({ locals, params }) =>
  answer(async () => {
    const { userId, workspaceId } = requireWorkspace(locals);
    return json(await asUser(db(), userId, (tx) => revokeApiKey(tx, workspaceId, params.prefix)));
  });
