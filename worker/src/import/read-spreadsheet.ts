/**
 * Rows of a spreadsheet, streamed: .xlsx through xlsx-rows (formula cells give their cached value,
 * rich text its text, date-formatted numbers a Date), .csv through csv-rows. One sheet is
 * read — the one asked for, else the first. Files that are not what they claim (encrypted,
 * old .xls, corrupt) get a clear error.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { csvRows } from './csv-rows.ts';
import { ImportError } from './import-error.ts';
import { xlsxRows } from './xlsx-rows.ts';

export type Cell = string | number | boolean | Date | null;
export interface SheetRow {
  /** 1-based, as the spreadsheet numbers rows. */
  number: number;
  cells: Cell[];
}

/** Largest file accepted: beyond this, split the file. */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;

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

  try {
    yield* xlsxRows(file, path.basename(file), options);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    throw new ImportError(
      `${path.basename(file)} could not be read as .xlsx (${(error as Error).message}); open it in Excel or LibreOffice, save it again and retry.`,
    );
  }
}
