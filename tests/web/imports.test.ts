/**
 * The dashboard's import path over a real Postgres: an upload streamed to disk (50 MB limit, only its
 * uploader may use it), the mapping preview read as the import reads, and an import started as the
 * user — the imports row made under RLS, viewers refused, the background import filling that row.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { asUser } from '@tagwright/shared/db';
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { getImport, listImports } from '../../web/src/lib/server/imports/import-rows.ts';
import { previewSheet } from '../../web/src/lib/server/imports/sheet-preview.ts';
import { ForbiddenError, startImport } from '../../web/src/lib/server/imports/start-import.ts';
import { findUpload, MAX_UPLOAD_BYTES, saveUpload, UploadError } from '../../web/src/lib/server/imports/uploads.ts';
import { ImportError } from '../../worker/src/import/index.ts';
import { addMember, createUser, createWorkspace } from '../db/fixtures.ts';
import { writeXlsxByHand } from '../import/xlsx-by-hand.ts';

let db: TestPostgres;
let dir: string;
let owner: string;
let viewer: string;
let stranger: string;
let ws: string;
beforeAll(async () => {
  db = await testPostgres();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-web-imports-'));
  process.env.TAGWRIGHT_UPLOAD_DIR = path.join(dir, 'uploads');
  owner = await createUser(db.sql, 'owner@example.com');
  viewer = await createUser(db.sql, 'viewer@example.com');
  stranger = await createUser(db.sql, 'stranger@example.com');
  ws = await createWorkspace(db.sql, 'Shop', owner);
  await addMember(db.sql, ws, viewer, 'viewer');
  await createWorkspace(db.sql, 'Elsewhere', stranger);
});
afterAll(async () => {
  await db?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

const streamOf = (text: string | Uint8Array<ArrayBuffer>) => new Blob([text]).stream() as ReadableStream<Uint8Array>;
const csv = 'SKU,Name,Price,Currency\nA-1,Apple,1.50,EUR\nA-2,Pear,abc,EUR\nA-3,Plum,2,EUR\n';
const upload = (text: string, userId = owner, fileName = 'fruit.csv') =>
  saveUpload(streamOf(text), { fileName, declaredSize: null, userId, workspaceId: ws });

test('an import runs as its uploader: the row is theirs, products land, row errors are kept', async () => {
  const saved = await upload(csv);
  const { id, done } = await startImport({ sql: db.sql, userId: owner, upload: saved, sheet: null, map: '' });
  await done;
  const row = await asUser(db.sql, owner, (tx) => getImport(tx, id));
  expect(row).toMatchObject({ status: 'succeeded', file_name: 'fruit.csv', total_rows: 3, imported_rows: 2, error_rows: 1 });
  expect(row?.errors).toEqual([{ row: 3, column: 'C (Price)', message: expect.stringContaining('abc') }]);
  const [made] = await db.sql`select created_by from public.imports where id = ${id}`;
  expect(made?.created_by).toBe(owner);
  const products = await db.sql`select sku from public.products where workspace_id = ${ws} order by sku`;
  expect(products.map((p) => p.sku)).toEqual(['A-1', 'A-3']);
  // the upload is gone once imported
  expect(await fs.stat(saved.file).catch(() => null)).toBeNull();
});

test('a mapping override moves a field to another column', async () => {
  const saved = await upload('SKU,Name,Price,Sale\nB-1,Bread,3.00,2.50\n');
  const { id, done } = await startImport({ sql: db.sql, userId: owner, upload: saved, sheet: null, map: 'price=D' });
  await done;
  const row = await asUser(db.sql, owner, (tx) => getImport(tx, id));
  expect(row?.column_map).toMatchObject({ sku: 'A', name: 'B', price: 'D' });
  const [p] = await db.sql`select price::text from public.products where workspace_id = ${ws} and sku = 'B-1'`;
  expect(p?.price).toBe('2.5000');
});

test('a viewer cannot start an import, and no row is made', async () => {
  const saved = await saveUpload(streamOf(csv), { fileName: 'v.csv', declaredSize: null, userId: viewer, workspaceId: ws });
  const before = await db.sql`select count(*)::int as n from public.imports`;
  await expect(startImport({ sql: db.sql, userId: viewer, upload: saved, sheet: null, map: '' })).rejects.toBeInstanceOf(ForbiddenError);
  const after = await db.sql`select count(*)::int as n from public.imports`;
  expect(after[0]?.n).toBe(before[0]?.n);
});

test('a broken file fails its import with the reason on the row', async () => {
  const saved = await upload('not a spreadsheet at all', owner, 'broken.xlsx');
  const { id, done } = await startImport({ sql: db.sql, userId: owner, upload: saved, sheet: null, map: '' });
  await done;
  const row = await asUser(db.sql, owner, (tx) => getImport(tx, id));
  expect(row?.status).toBe('failed');
  expect(row?.error).toMatch(/broken\.xlsx is not an \.xlsx or \.csv file/);
});

test('imports are listed newest first for members only; others see nothing', async () => {
  const mine = await asUser(db.sql, viewer, (tx) => listImports(tx, ws));
  expect(mine.length).toBeGreaterThanOrEqual(3);
  expect(mine.map((r) => r.created_at)).toEqual([...mine.map((r) => r.created_at)].sort().reverse());
  expect(await asUser(db.sql, stranger, (tx) => listImports(tx, ws))).toEqual([]);
  expect(await asUser(db.sql, stranger, (tx) => getImport(tx, mine[0]?.id as string))).toBeUndefined();
});

test('uploads past 50 MB are refused (declared or streamed) and leave nothing behind', async () => {
  await expect(
    saveUpload(streamOf('x'), { fileName: 'big.csv', declaredSize: MAX_UPLOAD_BYTES + 1, userId: owner, workspaceId: ws }),
  ).rejects.toMatchObject({ status: 413 });
  const big = new Uint8Array(MAX_UPLOAD_BYTES + 10).fill(97);
  const error = await saveUpload(streamOf(big), { fileName: 'big.csv', declaredSize: null, userId: owner, workspaceId: ws }).catch(
    (e) => e,
  );
  expect(error).toBeInstanceOf(UploadError);
  expect(error.message).toMatch(/larger than 50 MB/);
  const left = await fs.readdir(path.join(dir, 'uploads'));
  for (const d of left) expect(await fs.readdir(path.join(dir, 'uploads', d))).toContain('upload.json');
  await expect(saveUpload(streamOf('x'), { fileName: 'old.xls', declaredSize: 1, userId: owner, workspaceId: ws })).rejects.toMatchObject({
    status: 415,
  });
});

test('only the uploader finds their upload, for the workspace it was made for', async () => {
  const saved = await upload(csv);
  expect(await findUpload(saved.id, owner, ws)).toMatchObject({ fileName: 'fruit.csv' });
  expect(await findUpload(saved.id, stranger, ws)).toBeUndefined();
  expect(await findUpload(saved.id, owner, '00000000-0000-4000-8000-000000000000')).toBeUndefined();
  expect(await findUpload('../../etc', owner, ws)).toBeUndefined();
});

test('the preview lists the sheets, opens the first with a header, and suggests the mapping', async () => {
  const xlsx = path.join(dir, 'two.xlsx');
  await writeXlsxByHand(xlsx, {
    Notes: [['nothing here']],
    Produkte: [['Preisliste'], [], ['Artikelnummer', 'Bezeichnung', 'Preis', 'EAN'], ['OAT-1L', 'Hafermilch', 2.49, 4006381333931]],
  });
  const preview = await previewSheet(xlsx);
  expect(preview).toMatchObject({
    sheets: ['Notes', 'Produkte'],
    sheet: 'Produkte',
    headerRow: 3,
    suggested: { sku: 'A', name: 'B', price: 'C', gtin: 'D' },
    rows: [{ number: 4, cells: ['OAT-1L', 'Hafermilch', '2.49', '4006381333931'] }],
    error: null,
  });
  expect(preview.columns.map((c) => c.name)).toEqual(['Artikelnummer', 'Bezeichnung', 'Preis', 'EAN']);
  // asking for the sheet without a header says why
  await expect(previewSheet(xlsx, 'Notes')).rejects.toThrow(/No header row found/);
  const corrupt = path.join(dir, 'corrupt.xlsx');
  await fs.writeFile(corrupt, 'PK\u0003\u0004 then garbage');
  await expect(previewSheet(corrupt)).rejects.toBeInstanceOf(ImportError);
});
