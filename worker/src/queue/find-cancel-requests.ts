/** Which of the given running jobs have a cancel request (the fallback when a cancel notification is missed). */
import type { Sql } from '@tagwright/shared';

export async function findCancelRequests(sql: Sql, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const rows = await sql<{ id: string }[]>`
    select id from public.jobs where id = any(${ids}::uuid[]) and cancel_requested and status = 'running'`;
  return rows.map((r) => r.id);
}
