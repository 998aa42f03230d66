/** The product a preview is drawn with: one of the workspace's (as the user), or sample data when there are none. */
import type { LabelData } from '@tagwright/shared';
import type { TransactionSql } from '@tagwright/shared/db';

export interface ProductOption {
  id: string;
  sku: string;
  name: string | null;
}

/** Shown when the workspace has no products yet: a valid EAN-13, so barcodes render. */
export const SAMPLE_DATA: LabelData = {
  name: 'Sample product, 500 g',
  price: '12.90',
  currency: 'EUR',
  sku: 'SAMPLE-001',
  gtin: '4006381333931',
  url: 'https://example.com/products/sample-001',
  attributes: {},
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The product's data as the worker binds it (price as exact text), the first by SKU when no id, or sample data. */
export async function previewData(tx: TransactionSql, workspaceId: string, productId?: string | null): Promise<LabelData> {
  if (productId && !UUID.test(productId)) return SAMPLE_DATA;
  const rows = await tx<LabelData[]>`
    select name, price::text as price, currency, sku, gtin, url, attributes from public.products
    where workspace_id = ${workspaceId} ${productId ? tx`and id = ${productId}` : tx``}
    order by sku limit 1`;
  return rows[0] ?? SAMPLE_DATA;
}

/** Products to pick for the preview (the first 500 by SKU). */
export async function productOptions(tx: TransactionSql, workspaceId: string): Promise<ProductOption[]> {
  return tx<ProductOption[]>`select id, sku, name from public.products where workspace_id = ${workspaceId} order by sku limit 500`;
}

/** Spreadsheet columns kept on products (from a sample of them), offered as bindings. */
export async function attributeColumns(tx: TransactionSql, workspaceId: string): Promise<string[]> {
  const rows = await tx<{ key: string }[]>`
    select distinct k as key from (select attributes from public.products where workspace_id = ${workspaceId} limit 500) p,
      jsonb_object_keys(p.attributes) k order by k limit 100`;
  return rows.map((r) => r.key);
}
