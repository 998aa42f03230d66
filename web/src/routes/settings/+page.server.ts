/** The settings page: the workspace's API keys, webhooks (owners and editors) and recent webhook deliveries, as the user. */
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { listApiKeys } from '$lib/server/settings/api-keys.ts';
import { listDeliveries } from '$lib/server/settings/deliveries.ts';
import { listWebhooks } from '$lib/server/settings/webhooks.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const { user, workspace } = locals;
  if (!user || !workspace) return { apiKeys: [], webhooks: [], deliveries: [] };
  const [apiKeys, webhooks, deliveries] = await asUser(db(), user.id, (tx) =>
    Promise.all([listApiKeys(tx, workspace.id), listWebhooks(tx, workspace.id), listDeliveries(tx, workspace.id)]),
  );
  return { apiKeys, webhooks, deliveries };
};
