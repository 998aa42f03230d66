/** The workspace's webhook delivery log for the settings page: newest deliveries, one's attempts, and sending one again. */
import type { TransactionSql } from '@tagwright/shared/db';
import type { AttemptRow, DeliveryRow } from '../../settings/types.ts';
import { SettingsError } from './settings-error.ts';

export function listDeliveries(tx: TransactionSql, workspaceId: string, limit = 100): Promise<DeliveryRow[]> {
  return tx<DeliveryRow[]>`
    select id, webhook_id, job_id, event, status::text, attempts, last_status_code, last_error, delivered_at, created_at, updated_at
    from public.webhook_deliveries where workspace_id = ${workspaceId} order by created_at desc limit ${limit}`;
}

export async function deliveryAttempts(tx: TransactionSql, workspaceId: string, deliveryId: string): Promise<AttemptRow[]> {
  const [delivery] = await tx`select 1 from public.webhook_deliveries where id = ${deliveryId} and workspace_id = ${workspaceId}`;
  if (!delivery) throw new SettingsError(404, 'No such delivery in this workspace.');
  return tx<AttemptRow[]>`
    select attempt, status_code, error, duration_ms, created_at from public.webhook_attempts
    where delivery_id = ${deliveryId} order by attempt`;
}

export async function redeliver(tx: TransactionSql, workspaceId: string, deliveryId: string): Promise<void> {
  const [delivery] = await tx`select 1 from public.webhook_deliveries where id = ${deliveryId} and workspace_id = ${workspaceId}`;
  if (!delivery) throw new SettingsError(404, 'No such delivery in this workspace.');
  await tx`select public.redeliver_webhook(${deliveryId})`;
}
