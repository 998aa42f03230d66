/**
 * What the chaos suite checks at the end: every job succeeded, exactly once (one job:succeeded
 * event), every checked product got its label, and nothing was written twice: no job item, screenshot, OCR result, match or label
 * beyond one per key, and no stored screenshot or label file without its row.
 */
import type { Sql } from '@tagwright/shared';

export interface Verdict {
  jobs: number;
  succeeded: number;
  /** Jobs that did not succeed, and checked products that got no label. */
  lost: number;
  /** Rows or files written more than once. */
  duplicated: number;
  details: string[];
}

export async function verify(sql: Sql, workspaceId: string): Promise<Verdict> {
  const details: string[] = [];
  const [counts] = await sql<{ jobs: number; succeeded: number }[]>`
    select count(*)::int as jobs, (count(*) filter (where status = 'succeeded'))::int as succeeded
    from public.jobs where workspace_id = ${workspaceId}`;
  const notSucceeded = await sql<{ id: string; status: string; error: string | null }[]>`
    select id, status::text, error from public.jobs where workspace_id = ${workspaceId} and status <> 'succeeded' limit 5`;
  for (const job of notSucceeded) details.push(`job ${job.id} ${job.status}: ${job.error ?? ''}`);
  // the chaos jobs print every checked product (policy mark_unverified)
  const [unlabelled] = await sql<{ n: number }[]>`
    select count(*)::int as n from public.job_items i join public.jobs j on j.id = i.job_id
    where j.workspace_id = ${workspaceId} and i.status = 'succeeded' and not exists (select 1 from public.labels l where l.job_item_id = i.id)`;
  if ((unlabelled?.n ?? 0) > 0) details.push(`${unlabelled?.n} checked products without a label`);

  const checks: [string, Promise<{ n: number }[]>][] = [
    [
      'jobs with more than one job:succeeded event',
      sql`select count(*)::int as n from (select job_id from public.job_events e join public.jobs j on j.id = e.job_id
          where j.workspace_id = ${workspaceId} and e.type = 'job:succeeded' group by job_id having count(*) > 1) d`,
    ],
    [
      'jobs whose items are not exactly one per product',
      sql`select count(*)::int as n from (select i.job_id from public.job_items i join public.jobs j on j.id = i.job_id
          where j.workspace_id = ${workspaceId} group by i.job_id having count(*) <> 1) d`,
    ],
    [
      'screenshot files in Storage without a row',
      sql`select count(*)::int as n from storage.objects o where o.bucket_id = 'screenshots'
          and not exists (select 1 from public.screenshots s where s.path = o.name)`,
    ],
    [
      'label files in Storage without a row',
      sql`select count(*)::int as n from storage.objects o where o.bucket_id = 'labels' and o.name like '%/labels/%'
          and not exists (select 1 from public.labels l where o.name in (l.png_path, l.pdf_path, l.zpl_path))`,
    ],
    [
      'items with more than one label',
      sql`select count(*)::int as n from (select job_item_id from public.labels group by job_item_id having count(*) > 1) d`,
    ],
  ];
  let duplicated = 0;
  for (const [what, query] of checks) {
    const n = (await query)[0]?.n ?? 0;
    if (n > 0) details.push(`${n} ${what}`);
    duplicated += n;
  }
  const jobs = counts?.jobs ?? 0;
  const succeeded = counts?.succeeded ?? 0;
  return { jobs, succeeded, lost: jobs - succeeded + (unlabelled?.n ?? 0), duplicated, details };
}
