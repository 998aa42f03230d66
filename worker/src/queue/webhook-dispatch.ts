/**
 * The workers' part in webhooks: tell the database where the functions are (so its trigger can
 * reach the webhooks function through net.http_post), and sweep deliveries that were never
 * dispatched or whose function stopped mid-way, on the reaper's beat.
 */
import type { Sql } from '@tagwright/shared';

export async function announceFunctionsUrl(sql: Sql, functionsUrl: string, siteUrl?: string): Promise<void> {
  await sql`select public.set_functions_url(${functionsUrl}, ${siteUrl ?? null})`;
}

/** How many deliveries were handed to the webhooks function again. */
export async function dispatchDueWebhooks(sql: Sql): Promise<number> {
  const [row] = await sql<{ n: number }[]>`select public.dispatch_due_webhooks() as n`;
  return row?.n ?? 0;
}
