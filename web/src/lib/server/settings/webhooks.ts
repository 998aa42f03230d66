/** The workspace's webhooks for the settings page, as the signed-in user (RLS: owners and editors only), checked with zod first. */
import type { TransactionSql } from '@tagwright/shared/db';
import { type WebhookInput, webhookInput } from '@tagwright/shared/schemas';
import type { WebhookRow } from '../../settings/types.ts';
import { SettingsError } from './settings-error.ts';

/** The input (for a change: only the fields sent) or a 400 naming the first bad field. */
export function checkWebhook(body: unknown, partial = false): Partial<WebhookInput> {
  const result = (partial ? webhookInput.partial() : webhookInput).safeParse(body);
  // a change names only what it changes: defaults must not fill in the rest
  if (result.success)
    return partial ? Object.fromEntries(Object.entries(result.data).filter(([key]) => Object.hasOwn(body as object, key))) : result.data;
  const issue = result.error.issues[0];
  throw new SettingsError(400, issue?.message ?? 'invalid webhook', String(issue?.path[0] ?? ''));
}

export function listWebhooks(tx: TransactionSql, workspaceId: string): Promise<WebhookRow[]> {
  return tx<WebhookRow[]>`
    select id, url, format::text, events, secret, enabled, created_at, updated_at
    from public.webhooks where workspace_id = ${workspaceId} order by created_at`;
}

export async function addWebhook(tx: TransactionSql, workspaceId: string, input: WebhookInput): Promise<WebhookRow> {
  const [row] = await tx<WebhookRow[]>`
    insert into public.webhooks (workspace_id, url, format, events, enabled)
    values (${workspaceId}, ${input.url}, ${input.format}, ${input.events}::text[], ${input.enabled})
    returning id, url, format::text, events, secret, enabled, created_at, updated_at`;
  if (!row) throw new Error('the webhook was not saved');
  return row;
}

export async function updateWebhook(
  tx: TransactionSql,
  workspaceId: string,
  id: string,
  patch: Partial<WebhookInput>,
): Promise<WebhookRow> {
  const [row] = await tx<WebhookRow[]>`
    update public.webhooks set
      url = coalesce(${patch.url ?? null}, url),
      format = coalesce(${patch.format ?? null}::public.webhook_format, format),
      events = coalesce(${patch.events ?? null}::text[], events),
      enabled = coalesce(${patch.enabled ?? null}::boolean, enabled)
    where id = ${id} and workspace_id = ${workspaceId}
    returning id, url, format::text, events, secret, enabled, created_at, updated_at`;
  if (!row) throw new SettingsError(404, 'No such webhook in this workspace (or only owners and editors may change it).');
  return row;
}

export async function deleteWebhook(tx: TransactionSql, workspaceId: string, id: string): Promise<void> {
  const rows = await tx`delete from public.webhooks where id = ${id} and workspace_id = ${workspaceId} returning id`;
  if (rows.length === 0) throw new SettingsError(404, 'No such webhook in this workspace (or only owners and editors may delete it).');
}
