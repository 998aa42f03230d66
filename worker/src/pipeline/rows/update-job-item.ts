/** Item status as it moves: running (attempt counted, only while its job runs), crawled (status, final URL, title), succeeded, or failed with the reason. */
import type { Sql } from '@tagwright/shared';

/**
 * Marks the item running and returns which attempt this is (1 the first time); undefined when its
 * job is no longer running (canceled or taken back while this call waited), and the item is left as is.
 * The job row is share-locked while the item is marked: a cancel committing at the same moment either
 * waits for this and then releases the item, or goes first and this sees the job ended. Without the
 * lock, an item started during an uncommitted cancel stayed `running` under the canceled job.
 */
export async function startJobItem(sql: Sql, itemId: string): Promise<number | undefined> {
  const [row] = await sql<{ attempts: number }[]>`
    with job as (
      select j.id from public.jobs j join public.job_items ji on ji.job_id = j.id
      where ji.id = ${itemId} and j.status = 'running'
      for share of j
    )
    update public.job_items i set status = 'running', error = null, attempts = i.attempts + 1
    where i.id = ${itemId} and i.job_id in (select id from job)
    returning i.attempts`;
  return row?.attempts;
}

export async function recordCrawl(
  sql: Sql,
  itemId: string,
  page: { status: number | null; finalUrl: string; title: string },
): Promise<void> {
  await sql`
    update public.job_items set http_status = ${page.status}, final_url = ${page.finalUrl}, page_title = ${page.title.slice(0, 500)}
    where id = ${itemId}`;
}

export async function finishJobItem(sql: Sql, itemId: string, outcome: { ok: true } | { ok: false; error: string }): Promise<void> {
  await sql`
    update public.job_items set status = ${outcome.ok ? 'succeeded' : 'failed'}, error = ${outcome.ok ? null : outcome.error.slice(0, 2000)}
    where id = ${itemId}`;
}
