/**
 * Rows of a spreadsheet, streamed: .xlsx through exceljs' streaming reader (formula cells give their
 * cached value, rich text its text, hyperlinks their text), .csv through csv-rows. One sheet is
 * read — the one asked for, else the first. Files that are not what they claim (encrypted,
 * old .xls, corrupt) get a clear error.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { csvRows } from './csv-rows.ts';
import { ImportError } from './import-error.ts';

export type Cell = string | number | boolean | Date | null;
export interface SheetRow {
  /** 1-based, as the spreadsheet numbers rows. */
  number: number;
  cells: Cell[];
}

/** Largest file accepted: beyond this, split the file. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
/** Files up to this size may be read whole when streaming can't reach a sheet. */
const WHOLE_READ_MAX_BYTES = 30 * 1024 * 1024;

export function cellValue(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if ('result' in v) return cellValue(v.result); // formula: its cached value
    if ('richText' in v && Array.isArray(v.richText)) return (v.richText as { text: string }[]).map((r) => r.text).join('');
    if ('text' in v) return cellValue(v.text); // hyperlink
    if ('error' in v) return null;
  }
  return String(value);
}

async function sniff(file: string): Promise<'zip' | 'ole' | 'other'> {
  const handle = await fs.open(file, 'r');
  try {
    const { buffer } = await handle.read(Buffer.alloc(8), 0, 8, 0);
    if (buffer.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return 'zip';
    if (buffer.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))) return 'ole';
    return 'other';
  } finally {
    await handle.close();
  }
}

export async function* readSpreadsheet(file: string, options: { sheet?: string } = {}): AsyncGenerator<SheetRow> {
  const stat = await fs.stat(file).catch(() => {
    throw new ImportError(`${file} does not exist.`);
  });
  if (stat.size === 0) throw new ImportError(`${path.basename(file)} is empty.`);
  if (stat.size > MAX_FILE_BYTES)
    throw new ImportError(
      `${path.basename(file)} is ${Math.round(stat.size / 1e6)} MB; the limit is ${MAX_FILE_BYTES / 1e6} MB — split it into smaller files.`,
    );
  const extension = path.extname(file).toLowerCase();
  if (extension === '.csv' || extension === '.txt' || extension === '.tsv') {
    let number = 0;
    for await (const cells of csvRows(file)) yield { number: ++number, cells: cells.map((c) => (c === '' ? null : c)) };
    return;
  }
  const kind = await sniff(file);
  if (kind === 'ole')
    throw new ImportError(
      `${path.basename(file)} is password-protected or an old .xls file; save it as .xlsx without a password (or as CSV) and import again.`,
    );
  if (kind !== 'zip')
    throw new ImportError(`${path.basename(file)} is not an .xlsx or .csv file; save it as .xlsx or CSV and import again.`);

  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'ignore',
    worksheets: 'emit',
  });
  const seen: string[] = [];
  let found = false;
  try {
    for await (const worksheet of reader) {
      const name = (worksheet as unknown as { name: string }).name;
      seen.push(name);
      if (found || (options.sheet !== undefined && name !== options.sheet)) {
        // Sheets not asked for still have to be read past; nothing is kept.
        for await (const _row of worksheet) {
        }
        continue;
      }
      found = true;
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const values = Array.isArray(row.values) ? row.values.slice(1) : [];
        yield { number: row.number, cells: values.map(cellValue) };
      }
    }
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(
      `${path.basename(file)} could not be read as .xlsx (${(error as Error).message}); open it in Excel or LibreOffice, save it again and retry.`,
    );
  }
  // exceljs' streaming reader misses later sheets of files without a shared-strings part (some
  // exporters write inline strings); smaller files are then read whole instead.
  if (!found && options.sheet !== undefined && stat.size <= WHOLE_READ_MAX_BYTES) {
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.getWorksheet(options.sheet);
    if (sheet) {
      const rows: SheetRow[] = [];
      sheet.eachRow((row) => {
        rows.push({ number: row.number, cells: (Array.isArray(row.values) ? row.values.slice(1) : []).map(cellValue) });
      });
      yield* rows;
      return;
    }
    seen.splice(0, seen.length, ...workbook.worksheets.map((w) => w.name));
  }
  if (!found)
    throw new ImportError(
      options.sheet !== undefined
        ? `${path.basename(file)} has no sheet "${options.sheet}"; its sheets are: ${seen.join(', ') || '(none)'}.`
        : `${path.basename(file)} has no sheets.`,
    );
}
