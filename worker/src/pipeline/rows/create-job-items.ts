/**
 * Makes one job_items row per product the job covers (by ids, SKUs or import), once: a resumed
 * job finds its items already there. Products without a URL are recorded as skipped with the reason.
 */
import type { Sql } from '@tagwright/shared';

export type ProductSelection = { product_ids: string[] } | { skus: string[] } | { import_id: string };

export async function createJobItems(sql: Sql, job: { id: string; workspace_id: string }, selection: ProductSelection): Promise<number> {
  const chosen =
    'product_ids' in selection
      ? sql`p.id = any(${selection.product_ids}::uuid[])`
      : 'skus' in selection
        ? sql`p.sku = any(${selection.skus}::text[])`
        : sql`p.import_id = ${selection.import_id}`;
  const rows = await sql`
    insert into public.job_items (workspace_id, job_id, product_id, url, status, error)
    select p.workspace_id, ${job.id}, p.id, coalesce(p.url, ''),
           case when p.url is null then 'skipped'::public.item_status else 'pending'::public.item_status end,
           case when p.url is null then 'The product has no URL: add one in the spreadsheet to check it.' end
    from public.products p
    where p.workspace_id = ${job.workspace_id} and ${chosen}
    order by p.sku
    on conflict (job_id, product_id) do nothing
    returning id`;
  return rows.length;
}
