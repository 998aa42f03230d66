/**
 * Puts the demo products in the Demo workspace (first start) and points them at the demo shop's
 * current address (every start, in case its port changed). Products a user edited keep their edits
 * except the URL of a demo SKU that still points at a demo shop.
 */
import type { Sql } from '@tagwright/shared';
import { DEMO_WORKSPACE_ID } from '@tagwright/stack';
import { demoProducts } from './demo-products.ts';
import type { DemoShop } from './demo-shop.ts';

export async function seedDemoProducts(sql: Sql, shop: DemoShop): Promise<number> {
  const rows = demoProducts.map((p) => ({
    workspace_id: DEMO_WORKSPACE_ID,
    sku: p.sku,
    name: p.name,
    price: p.price,
    currency: p.currency,
    gtin: p.gtin,
    url: shop.urlOf(p.sku),
  }));
  const done = await sql`
    insert into public.products ${sql(rows, 'workspace_id', 'sku', 'name', 'price', 'currency', 'gtin', 'url')}
    on conflict (workspace_id, sku) do update set url = excluded.url
      where public.products.url is null or public.products.url like 'http://127.0.0.1:%/p/demo-%'
    returning id`;
  return done.length;
}
