/**
 * Bad-input corpus, spreadsheets: each bad file or cell goes through the real import into a real
 * Postgres and ends in a clear error — on the imports row for a bad file, per row (with the good
 * rows still imported) for a bad cell — never a crash, a hang or a silent drop.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ImportError, importProducts } from '../../worker/src/import/index.ts';
import { createWorkspace } from '../../worker/src/testing.ts';
import { type HandCell, writeXlsxByHand } from '../import/xlsx-by-hand.ts';
import { writeZipBomb } from './zip-bomb.ts';

let db: TestPostgres;
let dir: string;
beforeAll(async () => {
  db = await testPostgres();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-corpus-import-'));
});
afterAll(async () => {
  await db?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

const HEADER: HandCell[] = ['SKU', 'Name', 'Price', 'Currency'];
const GOOD: HandCell[] = ['GOOD-1', 'Good product', 1.5, 'EUR'];

interface ImportRow {
  status: string;
  error: string | null;
  errors: { row: number; column: string; message: string }[];
}

const importRow = async (id: string) => {
  const [row] = await db.sql<ImportRow[]>`select status::text, error, errors from imports where id = ${id}`;
  if (!row) throw new Error(`no import ${id}`);
  return row;
};
const skus = async (ws: string) =>
  (await db.sql<{ sku: string }[]>`select sku from products where workspace_id = ${ws} order by sku`).map((r) => r.sku);

/** Imports a file that must fail as a whole; returns the message kept on its imports row. */
async function failedImport(file: string, extra: { maxRows?: number } = {}): Promise<string> {
  const ws = await createWorkspace(db.sql, path.basename(file));
  const error = await importProducts({ sql: db.sql, workspaceId: ws, file, ...extra }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportError);
  const row = await importRow((error as ImportError).importId ?? '');
  expect(row.status).toBe('failed');
  expect(row.error).toBe((error as Error).message);
  return row.error ?? '';
}

/** Imports rows (after HEADER and GOOD) that must succeed; returns the row errors and the SKUs that landed. */
async function importWithBadRows(name: string, rows: HandCell[][]) {
  const file = path.join(dir, name);
  await writeXlsxByHand(file, { Products: [HEADER, GOOD, ...rows] });
  return importFile(file);
}

async function importFile(file: string) {
  const ws = await createWorkspace(db.sql, path.basename(file));
  const summary = await importProducts({ sql: db.sql, workspaceId: ws, file });
  const row = await importRow(summary.import_id);
  expect(row.status).toBe('succeeded');
  return { summary, errors: row.errors, skus: await skus(ws), ws };
}

const validXlsx = async (name: string) => {
  const file = path.join(dir, name);
  await writeXlsxByHand(file, { Products: [HEADER, GOOD, ['GOOD-2', 'Another', 2, 'EUR']] });
  return file;
};

test('a corrupt zip (damaged compressed data) fails the import with what to do', { timeout: 20_000 }, async () => {
  const file = await validXlsx('corrupt.xlsx');
  const bytes = await fs.readFile(file);
  // damage the compressed bytes of every part, keeping the zip headers and directory intact
  for (let at = 0; at < bytes.length - 4; at++) {
    if (bytes.readUInt32LE(at) !== 0x04034b50) continue;
    const start = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28);
    bytes.fill(0xff, start, start + Math.min(8, bytes.readUInt32LE(at + 18)));
  }
  await fs.writeFile(file, bytes);
  expect(await failedImport(file)).toMatch(
    /corrupt\.xlsx could not be read as \.xlsx \(.+\); open it in Excel or LibreOffice, save it again/,
  );
});

test('a truncated .xlsx (download cut short) fails the import with what to do', { timeout: 20_000 }, async () => {
  const file = await validXlsx('truncated.xlsx');
  const bytes = await fs.readFile(file);
  await fs.writeFile(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
  expect(await failedImport(file)).toMatch(
    /truncated\.xlsx could not be read as \.xlsx \(it is not a complete zip file\); open it in Excel/,
  );
});

test('a zip bomb (a tiny file that inflates to hundreds of MB) is refused by a size limit', { timeout: 30_000 }, async () => {
  const file = path.join(dir, 'bomb.xlsx');
  const packed = await writeZipBomb(file, 200 * 1024 * 1024);
  expect(packed).toBeLessThan(2 * 1024 * 1024);
  expect(await failedImport(file)).toMatch(/bomb\.xlsx could not be read as \.xlsx \(.*unpacks to more than \d+ MB.*\)/);
});

test('a sheet beyond the row limit fails the import, saying to split the file', { timeout: 30_000 }, async () => {
  const file = path.join(dir, 'huge.xlsx');
  const rows: HandCell[][] = Array.from({ length: 2001 }, (_, i) => [`SKU-${i}`, `Product ${i}`, 1, 'EUR']);
  await writeXlsxByHand(file, { Products: [HEADER, ...rows] });
  expect(await failedImport(file, { maxRows: 2000 })).toBe('The sheet has more than 2,000 product rows; split it into smaller files.');
});

test('formula cells import their cached value', async () => {
  const { errors, skus } = await importWithBadRows('formula.xlsx', [['F-1', 'Formula price', { formula: 'B3*0+4.2', cached: 4.2 }, 'EUR']]);
  expect(errors).toEqual([]);
  expect(skus).toEqual(['F-1', 'GOOD-1']);
  const [p] = await db.sql<{ price: string }[]>`select price::text from products where sku = 'F-1'`;
  expect(p?.price).toBe('4.2000');
});

test.each([
  ['#DIV/0!', 'C'],
  ['#REF!', 'B'],
])('an error cell (%s) is a row error naming the cell, not an empty value', async (code, column) => {
  const file = path.join(dir, `error-${column}.xlsx`);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Products');
  sheet.addRow(HEADER);
  sheet.addRow(GOOD);
  const bad = ['E-1', 'Has an error', 3, 'EUR'] as (string | number | object)[];
  bad[column.charCodeAt(0) - 65] = { formula: 'A1/0', result: { error: code } };
  sheet.addRow(bad);
  await book.xlsx.writeFile(file);
  const { errors, skus } = await importFile(file);
  expect(skus).toEqual(['GOOD-1']);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({ row: 3, column: expect.stringMatching(new RegExp(`^${column} `)) });
  expect(errors[0]?.message).toContain(code);
  expect(errors[0]?.message).toMatch(/fix the formula/);
});

test('text in the price column is a row error; the other rows import', async () => {
  const { errors, skus } = await importWithBadRows('text-price.xlsx', [['T-1', 'Text price', 'call us', 'EUR']]);
  expect(skus).toEqual(['GOOD-1']);
  expect(errors).toEqual([{ row: 3, column: 'C (Price)', message: '"call us" is not a price' }]);
});

test('a date in the price column is a row error, not a price', async () => {
  const file = path.join(dir, 'date-price.xlsx');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Products');
  sheet.addRow(HEADER);
  sheet.addRow(GOOD);
  sheet.addRow(['D-1', 'Date as price', new Date(Date.UTC(2024, 0, 15)), 'EUR']);
  await book.xlsx.writeFile(file);
  const { errors, skus } = await importFile(file);
  expect(skus).toEqual(['GOOD-1']);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({ row: 3, column: 'C (Price)' });
  expect(errors[0]?.message).toMatch(/date/i);
});

test('odd unicode in names (RTL, emoji, combining marks, zero-width joiner) is kept exactly', async () => {
  const names = ['מוצר חדש', 'Café\u0301 ☕ 👩‍👩‍👧', 'Z\u0351\u0352alg\u0489o', 'abc\u202edcba'];
  const rows = names.map((name, i) => [`U-${i}`, name, 1, 'EUR'] as HandCell[]);
  const { errors, ws } = await importWithBadRows('unicode-names.xlsx', rows);
  expect(errors).toEqual([]);
  const stored = await db.sql<{ name: string }[]>`select name from products where workspace_id = ${ws} and sku like 'U-%' order by sku`;
  expect(stored.map((r) => r.name)).toEqual(names);
});

test('an invisible character in a SKU is a row error naming it', async () => {
  const { errors, skus } = await importWithBadRows('zero-width-sku.xlsx', [['GOOD\u200b-1', 'Looks like GOOD-1', 1, 'EUR']]);
  expect(skus).toEqual(['GOOD-1']);
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({ row: 3, column: 'A (SKU)' });
  expect(errors[0]?.message).toMatch(/invisible character U\+200B/);
});

test('a NUL byte in a CSV fails the import, saying to save it as UTF-8', async () => {
  const file = path.join(dir, 'nul.csv');
  await fs.writeFile(file, 'SKU,Name,Price\nGOOD-1,Good product,1.5\nN-1,Bad\u0000name,2\n');
  expect(await failedImport(file)).toBe('The CSV file is UTF-16 or binary; save it as CSV UTF-8 and import again.');
});

test('a control character in a name is a row error; the other rows still import', async () => {
  const file = path.join(dir, 'bell.csv');
  await fs.writeFile(file, 'SKU,Name,Price\nGOOD-1,Good product,1.5\nB-1,Ring\u0007bell,2\n');
  const { errors, skus } = await importFile(file);
  expect(skus).toEqual(['GOOD-1']);
  expect(errors).toEqual([{ row: 3, column: 'B (Name)', message: 'name has a control character U+0007; remove it and import again' }]);
});

test('a duplicate SKU is a row error pointing at the first; the first is imported', async () => {
  const { errors, skus } = await importWithBadRows('duplicate.xlsx', [['good-1', 'Same SKU, other case', 9, 'EUR']]);
  expect(skus).toEqual(['GOOD-1']);
  expect(errors).toEqual([{ row: 3, column: 'A', message: 'SKU "good-1" appears again (first in row 2); only the first was imported' }]);
});

test('an empty sheet fails the import, saying so', async () => {
  const file = path.join(dir, 'empty-sheet.xlsx');
  await writeXlsxByHand(file, { Products: [] });
  expect(await failedImport(file)).toBe('The sheet has no rows.');
});

test('a PDF renamed .xlsx fails the import, saying to save it as .xlsx', async () => {
  const file = path.join(dir, 'invoice.xlsx');
  await fs.writeFile(file, '%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
  expect(await failedImport(file)).toBe('invoice.xlsx is not an .xlsx or .csv file; save it as .xlsx or CSV and import again.');
});
