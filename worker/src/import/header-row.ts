/** Finds the header row among a sheet's first rows (titles and blank rows above it are common) and maps its columns. */
import { type ColumnMap, headerScore, overrideColumnMap, suggestColumnMap } from './column-map.ts';
import { ImportError } from './import-error.ts';
import type { SheetRow } from './read-spreadsheet.ts';

/** Rows looked at for the header. */
export const HEADER_SEARCH_ROWS = 20;

export interface Header {
  row: number;
  names: string[];
  map: ColumnMap;
}

export function chooseHeader(rows: SheetRow[], spec: string | undefined): Header {
  let best: SheetRow | undefined;
  let bestScore = 0;
  for (const r of rows) {
    const score = headerScore(r.cells.map((c) => (c === null ? '' : String(c))));
    if (score > bestScore) {
      best = r;
      bestScore = score;
    }
  }
  if (!best)
    throw new ImportError(
      'No header row found: none of the first rows names a SKU, name, price, EAN or URL column. Add a header row (e.g. "SKU, Name, Price, EAN, URL") or map columns with --map sku=A,price=C.',
    );
  const names = best.cells.map((c) => (c === null ? '' : String(c).trim()));
  let map = suggestColumnMap(names);
  if (spec) {
    try {
      map = overrideColumnMap(map, spec, names);
    } catch (error) {
      throw new ImportError((error as Error).message);
    }
  }
  if (map.sku === undefined)
    throw new ImportError(
      `No SKU column: the header row (row ${best.number}: ${names.filter(Boolean).join(', ')}) has none of sku, article, Artikelnummer, référence…; rename it or use --map sku=<column>.`,
    );
  return { row: best.number, names, map };
}
