/** What the new-job form offers, as the user: the latest imports, the templates and products by name or SKU. */
import type { TransactionSql } from '@tagwright/shared/db';

export interface ImportChoice {
  id: string;
  file_name: string;
  status: string;
  imported_rows: number;
  products: number;
  created_at: string;
}

export interface TemplateChoice {
  id: string;
  name: string;
  stock: string | null;
  width_mm: string;
  height_mm: string;
}

export interface ProductChoice {
  id: string;
  sku: string;
  name: string;
  price: string | null;
  currency: string | null;
  url: string | null;
}

export interface ProductSearch {
  products: ProductChoice[];
  /** All products matching the search (the list shows at most `limit`). */
  total: number;
}

export async function latestImports(tx: TransactionSql, workspaceId: string, limit = 10): Promise<ImportChoice[]> {
  return tx<ImportChoice[]>`
    select i.id, i.file_name, i.status::text, i.imported_rows, i.created_at,
      (select count(*)::int from public.products p where p.import_id = i.id) as products
    from public.imports i where i.workspace_id = ${workspaceId} order by i.created_at desc limit ${limit}`;
}

export async function workspaceTemplates(tx: TransactionSql, workspaceId: string): Promise<TemplateChoice[]> {
  return tx<TemplateChoice[]>`
    select id, name, stock, width_mm::text, height_mm::text from public.templates where workspace_id = ${workspaceId} order by name`;
}

/** Products whose name or SKU contains `query` (case-insensitive; empty = all), by SKU. */
export async function searchProducts(tx: TransactionSql, workspaceId: string, query: string, limit = 200): Promise<ProductSearch> {
  const pattern = `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const [products, [count]] = await Promise.all([
    tx<ProductChoice[]>`
      select id, sku, name, price::text, currency, url from public.products
      where workspace_id = ${workspaceId} and (sku ilike ${pattern} or name ilike ${pattern})
      order by sku limit ${limit}`,
    tx<{ n: number }[]>`
      select count(*)::int as n from public.products
      where workspace_id = ${workspaceId} and (sku ilike ${pattern} or name ilike ${pattern})`,
  ]);
  return { products, total: count?.n ?? 0 };
}

/** The ids of every product matching `query` (up to what one job may hold), for "select all results". */
export async function matchingProductIds(tx: TransactionSql, workspaceId: string, query: string, limit = 10_000): Promise<string[]> {
  const pattern = `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await tx<{ id: string }[]>`
    select id from public.products where workspace_id = ${workspaceId} and (sku ilike ${pattern} or name ilike ${pattern})
    order by sku limit ${limit}`;
  return rows.map((r) => r.id);
}
