/**
 * Spreadsheet import into a real Postgres: .xlsx written by hand (not by the reading library) and
 * .csv import to the same products; mapping by header names in several languages; per-row errors
 * kept on the import row; every bad-file case fails with a clear error on the import row.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ImportError, importProducts } from '../../worker/src/import/index.ts';
import { createWorkspace } from '../../worker/src/testing.ts';
import { writeXlsxByHand } from './xlsx-by-hand.ts';

let db: TestPostgres;
let dir: string;
beforeAll(async () => {
  db = await testPostgres();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-import-'));
});
afterAll(async () => {
  await db?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

const products = (ws: string) =>
  db.sql<{ sku: string; name: string; price: string | null; currency: string | null; gtin: string | null; url: string | null }[]>`
    select sku, name, price::text as price, currency, gtin, url from products where workspace_id = ${ws} order by sku`;

test('an .xlsx made by hand and a .csv with the same data import to the same products', async () => {
  const xlsx = path.join(dir, 'products.xlsx');
  await writeXlsxByHand(xlsx, {
    Notes: [['nothing here']],
    Produkte: [
      ['Preisliste Herbst'],
      [],
      ['Artikelnummer', 'Bezeichnung', 'Preis', 'Währung', 'EAN', 'Link', 'Farbe'],
      ['OAT-1L', 'Hafermilch 1L', 2.49, 'EUR', 4006381333931, 'shop.example/oat', 'weiß'],
      ['BB-42', 'Schneidebrett', { formula: 'B5*0+29.9', cached: 29.9 }, 'EUR', 36000291452, 'https://shop.example/bb', null],
      [],
      ['CUP-7', 'Becher', '1.234,50 €', null, null, null, 'blau'],
    ],
  });
  const csv = path.join(dir, 'products.csv');
  await fs.writeFile(
    csv,
    '\ufeffArtikelnummer;Bezeichnung;Preis;Währung;EAN;Link;Farbe\r\nOAT-1L;Hafermilch 1L;2,49;EUR;4006381333931;shop.example/oat;weiß\r\nBB-42;Schneidebrett;29,90;EUR;036000291452;https://shop.example/bb;\r\n\r\nCUP-7;"Becher";"1.234,50 €";;;;blau\r\n',
  );
  const fromXlsx = await createWorkspace(db.sql, 'xlsx');
  const fromCsv = await createWorkspace(db.sql, 'csv');
  const a = await importProducts({ sql: db.sql, workspaceId: fromXlsx, file: xlsx, sheet: 'Produkte' });
  const b = await importProducts({ sql: db.sql, workspaceId: fromCsv, file: csv });
  expect(a).toMatchObject({
    rows: 3,
    imported: 3,
    errors: 0,
    column_map: { sku: 'A', name: 'B', price: 'C', currency: 'D', gtin: 'E', url: 'F' },
  });
  expect(b).toMatchObject({ rows: 3, imported: 3, errors: 0 });
  const expected = [
    { sku: 'BB-42', name: 'Schneidebrett', price: '29.9000', currency: 'EUR', gtin: '036000291452', url: 'https://shop.example/bb' },
    { sku: 'CUP-7', name: 'Becher', price: '1234.5000', currency: 'EUR', gtin: null, url: null },
    { sku: 'OAT-1L', name: 'Hafermilch 1L', price: '2.4900', currency: 'EUR', gtin: '4006381333931', url: 'https://shop.example/oat' },
  ];
  expect(await products(fromXlsx)).toEqual(expected);
  expect(await products(fromCsv)).toEqual(expected);
  const [attrs] = await db.sql<
    { attributes: Record<string, unknown> }[]
  >`select attributes from products where workspace_id = ${fromCsv} and sku = 'OAT-1L'`;
  expect(attrs?.attributes).toEqual({ Farbe: 'weiß' });
  const [row] = await db.sql<
    { status: string; total_rows: number; imported_rows: number }[]
  >`select status::text, total_rows, imported_rows from imports where id = ${a.import_id}`;
  expect(row).toEqual({ status: 'succeeded', total_rows: 3, imported_rows: 3 });
});

test('bad rows are kept on the import with row, column and message; good rows still import; a re-import updates', async () => {
  const ws = await createWorkspace(db.sql, 'errors');
  const csv = path.join(dir, 'bad-rows.csv');
  await fs.writeFile(
    csv,
    'sku,name,price,ean,url\nA-1,Good,1.50,,\nA-2,Bad price,abc,,\nA-3,Bad EAN,2.00,4006381333932,\n,No SKU,1,,\nA-1,Duplicate,9.99,,\nA-4,Bad URL,3,,ftp://x\nA-5,Sci EAN,3,4.00638E+12,\n',
  );
  const summary = await importProducts({ sql: db.sql, workspaceId: ws, file: csv });
  expect(summary).toMatchObject({ rows: 7, imported: 1, errors: 6 });
  const [imp] = await db.sql<{ errors: { row: number; column: string; message: string }[]; error_rows: number }[]>`
    select errors, error_rows from imports where id = ${summary.import_id}`;
  expect(imp?.error_rows).toBe(6);
  const byRow = Object.fromEntries((imp?.errors ?? []).map((e) => [e.row, `${e.column}: ${e.message}`]));
  expect(byRow[3]).toMatch(/^C \(price\): "abc" is not a price/);
  expect(byRow[4]).toMatch(/^D \(ean\): GTIN .*check digit 2, expected 1/);
  expect(byRow[5]).toMatch(/^A \(sku\): SKU is empty/);
  expect(byRow[6]).toMatch(/SKU "A-1" appears again \(first in row 2\)/);
  expect(byRow[7]).toMatch(/^E \(url\): URL must start with http/);
  expect(byRow[8]).toMatch(/scientific notation: format the column as text/);

  await fs.writeFile(csv, 'sku,name,price\nA-1,Renamed,1.75\n');
  await importProducts({ sql: db.sql, workspaceId: ws, file: csv });
  expect((await products(ws)).map((p) => [p.sku, p.name, p.price])).toEqual([['A-1', 'Renamed', '1.7500']]);
});

test('columns can be mapped by letter or header when the names are not recognised', async () => {
  const ws = await createWorkspace(db.sql, 'mapped');
  const csv = path.join(dir, 'odd-headers.csv');
  await fs.writeFile(csv, 'Code,Thing,Cost\nZ-1,Widget,4.20\n');
  await expect(importProducts({ sql: db.sql, workspaceId: ws, file: csv, map: 'price=X1' })).rejects.toThrow(/no column "X1"/);
  const summary = await importProducts({ sql: db.sql, workspaceId: ws, file: csv, map: 'name=B,price=Cost' });
  expect(summary).toMatchObject({ imported: 1, column_map: { sku: 'A', name: 'B', price: 'C' } });
});

test.each([
  ['empty.csv', '', /is empty/],
  ['no-header.csv', '1,2,3\n4,5,6\n', /No header row found/],
  ['header-only.csv', 'sku,name,price\n', /no product rows/],
  ['not-really.xlsx', 'just some text', /is not an \.xlsx or \.csv file/],
  ['locked.xlsx', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]), /password-protected or an old \.xls/],
  ['corrupt.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(200, 7)]), /could not be read as \.xlsx/],
] as const)('%s fails with a clear error kept on the import row', async (name, content, message) => {
  const ws = await createWorkspace(db.sql, `bad ${name}`);
  const file = path.join(dir, name);
  await fs.writeFile(file, content);
  const error = (await importProducts({ sql: db.sql, workspaceId: ws, file }).catch((e: unknown) => e)) as ImportError;
  expect(error).toBeInstanceOf(ImportError);
  expect(error.message).toMatch(message);
  const [row] = await db.sql<
    { status: string; error: string }[]
  >`select status::text, error from imports where id = ${error.importId ?? ''}`;
  expect(row?.status).toBe('failed');
  expect(row?.error).toMatch(message);
});

test('a missing sheet names the sheets there are', async () => {
  const ws = await createWorkspace(db.sql, 'sheets');
  const xlsx = path.join(dir, 'two-sheets.xlsx');
  await writeXlsxByHand(xlsx, { First: [['sku'], ['A']], Second: [['sku'], ['B']] });
  await expect(importProducts({ sql: db.sql, workspaceId: ws, file: xlsx, sheet: 'Third' })).rejects.toThrow(
    /no sheet "Third"; its sheets are: First, Second/,
  );
  expect(await importProducts({ sql: db.sql, workspaceId: ws, file: xlsx, sheet: 'Second' })).toMatchObject({ imported: 1 });
  expect((await products(ws)).map((p) => p.sku)).toEqual(['B']);
});
