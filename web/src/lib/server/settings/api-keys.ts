/** The workspace's API keys for the settings page, as the signed-in user (RLS; keys are made and revoked by the SQL functions). */
import type { TransactionSql } from '@tagwright/shared/db';
import type { ApiKeyRow } from '../../settings/types.ts';
import { SettingsError } from './settings-error.ts';

export function listApiKeys(tx: TransactionSql, workspaceId: string): Promise<ApiKeyRow[]> {
  return tx<ApiKeyRow[]>`
    select id, name, prefix, rate_limit_per_minute, created_at, last_used_at, revoked_at, updated_at
    from public.api_keys where workspace_id = ${workspaceId} order by created_at desc`;
}

export async function createApiKey(
  tx: TransactionSql,
  workspaceId: string,
  input: { name: string; rate_limit_per_minute: number },
): Promise<{ id: string; prefix: string; key: string }> {
  const [row] = await tx<{ id: string; prefix: string; key: string }[]>`
    select id, prefix, key from public.create_api_key(${workspaceId}, ${input.name}, ${input.rate_limit_per_minute})`;
  if (!row) throw new Error('create_api_key returned no key');
  return row;
}

export async function revokeApiKey(tx: TransactionSql, workspaceId: string, prefix: string): Promise<{ revoked_at: string }> {
  const [key] = await tx`select 1 from public.api_keys where workspace_id = ${workspaceId} and prefix = ${prefix}`;
  if (!key) throw new SettingsError(404, `No API key ${prefix} in this workspace.`);
  const [row] = await tx<{ revoked_at: string }[]>`select revoked_at from public.revoke_api_key(${prefix})`;
  if (!row) throw new Error('revoke_api_key returned nothing');
  return row;
}
