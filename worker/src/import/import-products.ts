/**
 * Imports a spreadsheet into products: finds the header row, maps columns (suggested, overridable),
 * reads and checks every row, upserts by (workspace, SKU) in batches (each written while the next is
 * read), and keeps the `imports` row current as it goes (the dashboard watches it live): counts,
 * per-row errors, then the outcome.
 * Memory stays bounded: rows are streamed; only the SKUs seen are remembered, to catch duplicates.
 */
import path from 'node:path';
import type { ProductInput, Sql } from '@tagwright/shared';
import { coerceProduct, type RowError } from './coerce-product.ts';
import { columnLetter } from './column-map.ts';
import { chooseHeader, HEADER_SEARCH_ROWS, type Header } from './header-row.ts';
import { ImportError } from './import-error.ts';
import { readSpreadsheet, type SheetRow } from './read-spreadsheet.ts';
import { type Chunk, writeChunk } from './write-chunk.ts';

export interface ImportOptions {
  sql: Sql;
  workspaceId: string;
  file: string;
  sheet?: string;
  /** Overrides of the suggested mapping: "sku=A,price=Preis". */
  map?: string;
  /** An imports row made already (e.g. by the dashboard's upload); else one is made. */
  importId?: string;
  batchSize?: number;
  maxRows?: number;
  onProgress?: (progress: { rows: number; imported: number; errors: number }) => void;
}

export interface ImportSummary {
  import_id: string;
  rows: number;
  imported: number;
  errors: number;
  column_map: Record<string, string>;
}

/** At most this many row errors are kept on the import (the count is always exact). */
const KEPT_ERRORS = 1000;

const isEmpty = (row: SheetRow) => row.cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''));

/** The sheet's rows after its header: the first rows are held until the header is known. */
async function* dataRows(
  rows: AsyncIterable<SheetRow>,
  spec: string | undefined,
  found: (header: Header) => void,
): AsyncGenerator<SheetRow> {
  const held: SheetRow[] = [];
  let header: Header | undefined;
  const decide = () => {
    header = chooseHeader(held, spec);
    found(header);
    return held.filter((r) => r.number > (header as Header).row);
  };
  for await (const row of rows) {
    if (isEmpty(row)) continue;
    if (header) {
      yield row;
      continue;
    }
    held.push(row);
    if (held.length >= HEADER_SEARCH_ROWS) yield* decide();
  }
  if (!header) {
    if (held.length === 0) throw new ImportError('The sheet has no rows.');
    yield* decide();
  }
}

export async function importProducts(options: ImportOptions): Promise<ImportSummary> {
  const { sql, workspaceId } = options;
  const batchSize = options.batchSize ?? 1000;
  const maxRows = options.maxRows ?? 1_000_000;
  const importId = options.importId ?? (await createImport(sql, workspaceId, path.basename(options.file), options.sheet ?? null));
  await sql`
    update public.imports set status = 'running', started_at = now(), finished_at = null, error = null,
      total_rows = 0, imported_rows = 0, error_rows = 0, errors = '[]'
    where id = ${importId}`;
  const counts = { rows: 0, imported: 0, errors: 0 };
  let keptErrors = 0;
  let queuedImported = 0;
  let batch: ProductInput[] = [];
  let batchErrors: RowError[] = [];
  // One connection for the writes: chunks queued on it run strictly in order, so the counts only grow.
  const writer = await sql.reserve();
  /** Chunks sent and not yet written (at most two, so the next is parsed before the server is idle). */
  const writing: Promise<void>[] = [];
  let released = false;
  const release = () => {
    if (!released) writer.release();
    released = true;
  };

  const flush = async () => {
    const add = batchErrors.slice(0, Math.max(0, KEPT_ERRORS - keptErrors));
    keptErrors += add.length;
    queuedImported += batch.length;
    const chunk: Chunk = {
      workspaceId,
      importId,
      products: batch,
      errors: add,
      rows: counts.rows,
      imported: queuedImported,
      errorRows: counts.errors,
    };
    batch = [];
    batchErrors = [];
    if (writing.length >= 2) await writing.shift();
    const write = writeChunk(writer, chunk).then(() => {
      counts.imported = chunk.imported;
      options.onProgress?.({ rows: chunk.rows, imported: chunk.imported, errors: chunk.errorRows });
    });
    write.catch(() => {}); // a failed write surfaces where it is awaited
    writing.push(write);
  };

  let header: Header | undefined;
  try {
    const firstRowOf = new Map<string, number>();
    const rows = dataRows(readSpreadsheet(options.file, { sheet: options.sheet }), options.map, (h) => {
      header = h;
    });
    for await (const row of rows) {
      const h = header as Header;
      counts.rows++;
      if (counts.rows > maxRows)
        throw new ImportError(`The sheet has more than ${maxRows.toLocaleString('en')} product rows; split it into smaller files.`);
      const coerced = coerceProduct(row, h.map, h.names);
      if (!coerced.ok) {
        counts.errors++;
        batchErrors.push(...coerced.errors);
      } else {
        const key = coerced.product.sku.toLowerCase();
        const first = firstRowOf.get(key);
        if (first === undefined) {
          firstRowOf.set(key, row.number);
          batch.push(coerced.product);
        } else {
          counts.errors++;
          batchErrors.push({
            row: row.number,
            column: columnLetter(h.map.sku ?? 0),
            message: `SKU "${coerced.product.sku}" appears again (first in row ${first}); only the first was imported`,
          });
        }
      }
      if (batch.length >= batchSize) await flush();
    }
    await flush();
    await Promise.all(writing);
    release();
    if (counts.rows === 0) throw new ImportError('The sheet has a header row but no product rows below it.');
    const columnMap = Object.fromEntries(Object.entries(header?.map ?? {}).map(([field, index]) => [field, columnLetter(index)]));
    await sql`update public.imports set status = 'succeeded', finished_at = now(), column_map = ${sql.json(columnMap)} where id = ${importId}`;
    return { import_id: importId, rows: counts.rows, imported: counts.imported, errors: counts.errors, column_map: columnMap };
  } catch (error) {
    await Promise.allSettled(writing); // the import is marked failed only after its last write settled
    release();
    const message = error instanceof ImportError ? error.message : `Import failed: ${(error as Error).message}`;
    await sql`update public.imports set status = 'failed', finished_at = now(), error = ${message} where id = ${importId}`;
    if (error instanceof ImportError) error.importId = importId;
    throw error;
  }
}

async function createImport(sql: Sql, workspaceId: string, fileName: string, sheet: string | null): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into public.imports (workspace_id, file_name, sheet, status) values (${workspaceId}, ${fileName}, ${sheet}, 'pending') returning id`;
  if (!row) throw new Error('the import row was not created');
  return row.id;
}
