/**
 * The items of a job still to do (pending, or left running/failed by an earlier attempt), with the
 * product facts matching needs; and the checked items whose label an earlier attempt didn't get to.
 */
import type { Sql } from '@tagwright/shared';
import type { ProductFacts } from '../../match/match-product.ts';

export interface PendingItem {
  id: string;
  url: string;
  productId: string;
  product: ProductFacts;
}

export async function pendingJobItems(sql: Sql, jobId: string): Promise<PendingItem[]> {
  return itemsWhere(sql, jobId, sql`i.status in ('pending', 'running', 'failed')`);
}

/** Succeeded items without a label for the template: the attempt that checked them stopped before printing. */
export async function unlabelledJobItems(sql: Sql, jobId: string, templateId: string): Promise<PendingItem[]> {
  return itemsWhere(
    sql,
    jobId,
    sql`i.status = 'succeeded' and not exists (select 1 from public.labels l where l.job_item_id = i.id and l.template_id = ${templateId})`,
  );
}

async function itemsWhere(sql: Sql, jobId: string, condition: ReturnType<Sql>): Promise<PendingItem[]> {
  const rows = await sql<
    {
      id: string;
      url: string;
      product_id: string;
      sku: string;
      name: string;
      price: string | null;
      currency: string | null;
      gtin: string | null;
    }[]
  >`
    select i.id, i.url, i.product_id, p.sku, p.name, p.price::text as price, p.currency, p.gtin
    from public.job_items i join public.products p on p.id = i.product_id
    where i.job_id = ${jobId} and ${condition}
    order by i.created_at, i.id`;
  return rows.map((r) => ({
    id: r.id,
    url: r.url,
    productId: r.product_id,
    product: { sku: r.sku, name: r.name, price: r.price, currency: r.currency, gtin: r.gtin },
  }));
}

/** Counts per item status, for progress and the summary. */
export async function jobItemCounts(sql: Sql, jobId: string): Promise<Record<string, number>> {
  const rows = await sql<{ status: string; n: number }[]>`
    select status::text, count(*)::int as n from public.job_items where job_id = ${jobId} group by status`;
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}
