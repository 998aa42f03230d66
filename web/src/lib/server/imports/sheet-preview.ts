/** The first rows of a sheet with its header and suggested column → field mapping, read as the import will read them. */
import {
  chooseHeader,
  columnLetter,
  HEADER_SEARCH_ROWS,
  PRODUCT_FIELDS,
  readSpreadsheet,
  type SheetRow,
  suggestColumnMap,
} from '@tagwright/worker/import';
import type { ColumnPreview, SheetPreview } from '../../imports/types.ts';
import { workbookSheets } from './workbook-sheets.ts';

const PREVIEW_ROWS = 10;

const show = (cell: unknown): string =>
  cell === null || cell === undefined ? '' : cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell);

/**
 * Reads only as far as the header search and ten rows below it; throws ImportError for unreadable
 * files. Without a sheet asked for, the first sheet with a header row is shown (title and notes
 * sheets often come first).
 */
export async function previewSheet(file: string, sheet?: string): Promise<SheetPreview> {
  const sheets = await workbookSheets(file);
  if (sheet === undefined && sheets.length > 1) {
    let first: unknown;
    for (const name of sheets) {
      try {
        const preview = await previewOf(file, sheets, name);
        if (!preview.error) return preview;
        first ??= preview;
      } catch (error) {
        first ??= error;
      }
    }
    if (first instanceof Error) throw first;
    return first as SheetPreview;
  }
  return previewOf(file, sheets, sheet && sheets.includes(sheet) ? sheet : sheets[0]);
}

async function previewOf(file: string, sheets: string[], chosen: string | undefined): Promise<SheetPreview> {
  const held: SheetRow[] = [];
  for await (const row of readSpreadsheet(file, chosen === undefined ? {} : { sheet: chosen })) {
    if (row.cells.every((c) => c === null || (typeof c === 'string' && c.trim() === ''))) continue;
    held.push(row);
    if (held.length >= HEADER_SEARCH_ROWS + PREVIEW_ROWS) break;
  }
  if (held.length === 0)
    return { sheets, sheet: chosen ?? null, headerRow: null, columns: [], rows: [], suggested: {}, error: 'The sheet has no rows.' };
  // the import looks at the first HEADER_SEARCH_ROWS rows for the header; so does the preview
  const header = chooseHeader(held.slice(0, HEADER_SEARCH_ROWS), undefined);
  const width = Math.max(header.names.length, ...held.map((r) => r.cells.length));
  const columns: ColumnPreview[] = Array.from({ length: width }, (_, i) => ({ letter: columnLetter(i), name: header.names[i] ?? '' }));
  const suggestedIndex = suggestColumnMap(header.names);
  const suggested = Object.fromEntries(
    PRODUCT_FIELDS.flatMap((f) => (suggestedIndex[f] === undefined ? [] : [[f, columnLetter(suggestedIndex[f] as number)]])),
  );
  const rows = held
    .filter((r) => r.number > header.row)
    .slice(0, PREVIEW_ROWS)
    .map((r) => ({ number: r.number, cells: columns.map((_, i) => show(r.cells[i] ?? null)) }));
  return { sheets, sheet: chosen ?? null, headerRow: header.row, columns, rows, suggested, error: null };
}
