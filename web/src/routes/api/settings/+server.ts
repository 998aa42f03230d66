/** GET /api/settings: the settings page's snapshot (API keys, webhooks if you may manage them, recent deliveries), as the user. */
import { json } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { listApiKeys } from '$lib/server/settings/api-keys.ts';
import { listDeliveries } from '$lib/server/settings/deliveries.ts';
import { requireWorkspace } from '$lib/server/settings/settings-request.ts';
import { listWebhooks } from '$lib/server/settings/webhooks.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
  const { userId, workspaceId } = requireWorkspace(locals);
  const [api_keys, webhooks, webhook_deliveries] = await asUser(db(), userId, (tx) =>
    Promise.all([listApiKeys(tx, workspaceId), listWebhooks(tx, workspaceId), listDeliveries(tx, workspaceId)]),
  );
  return json({ api_keys, webhooks, webhook_deliveries });
};
