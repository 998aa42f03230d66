/**
 * Writes one chunk of an import in one statement: its products upserted by (workspace, SKU) from
 * column arrays, and the imports row given the counts and row errors so far — atomically, so the
 * dashboard never shows counts that disagree with the products written.
 */
import type { ProductInput, Sql } from '@tagwright/shared';
import type { RowError } from './coerce-product.ts';

export interface Chunk {
  workspaceId: string;
  importId: string;
  products: ProductInput[];
  /** Row errors to add to the import (already capped). */
  errors: RowError[];
  /** Counts the import shows once this chunk is written. */
  rows: number;
  imported: number;
  errorRows: number;
}

// Column arrays through unnest rather than COPY into a temp table: measured faster here (46 vs 88 ms
// per 1000 rows), and postgres.js 3.4 never settles a COPY whose data the server rejects.
export async function writeChunk(sql: Sql, chunk: Chunk): Promise<void> {
  const { products } = chunk;
  const column = (pick: (p: ProductInput) => string | null) => products.map(pick);
  await sql`
    with written as (
      insert into public.products (workspace_id, sku, name, price, currency, gtin, url, attributes, import_id)
      select ${chunk.workspaceId}::uuid, sku, name, price, currency, gtin, url, attributes::jsonb, ${chunk.importId}::uuid
      from unnest(
        ${column((p) => p.sku)}::text[], ${column((p) => p.name)}::text[], ${column((p) => p.price)}::numeric[],
        ${column((p) => p.currency)}::text[], ${column((p) => p.gtin)}::text[], ${column((p) => p.url)}::text[],
        ${column((p) => JSON.stringify(p.attributes ?? {}))}::text[]
      ) as row (sku, name, price, currency, gtin, url, attributes)
      on conflict (workspace_id, sku) do update set name = excluded.name, price = excluded.price, currency = excluded.currency,
        gtin = excluded.gtin, url = excluded.url, attributes = excluded.attributes, import_id = excluded.import_id
    )
    update public.imports set total_rows = ${chunk.rows}, imported_rows = ${chunk.imported}, error_rows = ${chunk.errorRows},
      errors = errors || ${sql.json(chunk.errors as never)}::jsonb
    where id = ${chunk.importId}`;
}
