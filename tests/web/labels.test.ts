/**
 * The label library's server code over a real Postgres: pages of a workspace's labels with search
 * and filters under RLS, the sheet PDF laid out again from stored data (pdfinfo counts pages), and
 * the ZIP of the labels' files (unzip checks it).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { starterTemplates } from '@tagwright/shared';
import { asUser } from '@tagwright/shared/db';
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { parseFilters } from '../../web/src/lib/labels/label-filter.ts';
import { filterChoices, labelsByIds, listLabels } from '../../web/src/lib/server/labels/label-rows.ts';
import { labelZipFiles } from '../../web/src/lib/server/labels/label-zip.ts';
import { printTemplates } from '../../web/src/lib/server/labels/print-templates.ts';
import { planSheet, SheetRequestError, writePlannedSheet } from '../../web/src/lib/server/labels/sheet-pdf.ts';
import { zipStream } from '../../web/src/lib/server/labels/zip.ts';
import { createUser, createWorkspace } from '../db/fixtures.ts';

let db: TestPostgres;
let dir: string;
let owner: string;
let stranger: string;
let ws: string;
let shelf: string;
let jobA: string;
let jobB: string;
const ids: string[] = [];

const filters = (query = '') => parseFilters(new URLSearchParams(query));

beforeAll(async () => {
  db = await testPostgres();
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-web-labels-'));
  owner = await createUser(db.sql, 'owner@example.com');
  stranger = await createUser(db.sql, 'stranger@example.com');
  ws = await createWorkspace(db.sql, 'Shop', owner);
  await createWorkspace(db.sql, 'Elsewhere', stranger);
  const starter = starterTemplates.find((t) => t.name === 'Shelf price tag');
  const [t] = await db.sql`
    insert into public.templates (workspace_id, name, width_mm, height_mm, dpi, stock, elements)
    values (${ws}, 'Shelf price tag', ${starter?.width_mm as number}, ${starter?.height_mm as number}, 300, ${starter?.stock ?? null},
      ${db.sql.json((starter?.elements ?? []) as never)}) returning id`;
  shelf = t?.id;
  const [a] =
    await db.sql`insert into public.jobs (workspace_id, params, status, finished_at) values (${ws}, ${db.sql.json({ policy: 'mark_unverified' })}, 'succeeded', now()) returning id`;
  const [b] =
    await db.sql`insert into public.jobs (workspace_id, params, status, finished_at) values (${ws}, ${db.sql.json({ policy: 'all' })}, 'succeeded', now()) returning id`;
  jobA = a?.id;
  jobB = b?.id;
  // 70 labels over two jobs and two days: every third not verified
  for (let i = 1; i <= 70; i++) {
    const job = i <= 40 ? jobA : jobB;
    const sku = `SKU-${String(i).padStart(3, '0')}`;
    const [p] = await db.sql`insert into public.products (workspace_id, sku, name, price, currency, gtin)
      values (${ws}, ${sku}, ${i === 7 ? 'Oat drink' : `Product ${i}`}, 1.5, 'EUR', '4006381333931') returning id`;
    const [item] = await db.sql`insert into public.job_items (workspace_id, job_id, product_id, url, status)
      values (${ws}, ${job}, ${p?.id}, 'https://shop.example/p', 'succeeded') returning id`;
    const verified = i % 3 !== 0;
    const [label] = await db.sql`
      insert into public.labels (workspace_id, job_id, job_item_id, product_id, template_id, data, verified, unverified, png_path, pdf_path, created_at)
      values (${ws}, ${job}, ${item?.id}, ${p?.id}, ${shelf},
        ${db.sql.json({ sku, name: i === 7 ? 'Oat drink' : `Product ${i}`, price: '1.5000', currency: 'EUR', gtin: '4006381333931' })},
        ${verified}, ${verified ? '{}' : '{price}'}::text[], ${`${ws}/${job}/labels/${i}.png`}, ${`${ws}/${job}/labels/${i}.pdf`},
        ${i <= 35 ? '2026-11-25 12:00:00+00' : '2026-11-26 12:00:00+00'}::timestamptz + ${`${i} seconds`}::interval)
      returning id`;
    ids.push(label?.id);
  }
});
afterAll(async () => {
  await db?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

test('newest first, 60 a page, with the total', async () => {
  const first = await asUser(db.sql, owner, (tx) => listLabels(tx, ws, filters()));
  expect(first.total).toBe(70);
  expect(first.labels).toHaveLength(60);
  expect(first.labels[0]?.data.sku).toBe('SKU-070');
  const second = await asUser(db.sql, owner, (tx) => listLabels(tx, ws, filters('page=2')));
  expect(second.labels.map((l) => l.data.sku)).toEqual([
    'SKU-010',
    'SKU-009',
    'SKU-008',
    'SKU-007',
    'SKU-006',
    'SKU-005',
    'SKU-004',
    'SKU-003',
    'SKU-002',
    'SKU-001',
  ]);
});

test('search by SKU or name; LIKE wildcards are taken literally', async () => {
  const bySku = await asUser(db.sql, owner, (tx) => listLabels(tx, ws, filters('q=sku-06')));
  expect(bySku.labels.map((l) => l.data.sku)).toEqual([
    'SKU-069',
    'SKU-068',
    'SKU-067',
    'SKU-066',
    'SKU-065',
    'SKU-064',
    'SKU-063',
    'SKU-062',
    'SKU-061',
    'SKU-060',
  ]);
  const byName = await asUser(db.sql, owner, (tx) => listLabels(tx, ws, filters('q=oat')));
  expect(byName.labels.map((l) => l.data.sku)).toEqual(['SKU-007']);
  expect((await asUser(db.sql, owner, (tx) => listLabels(tx, ws, filters('q=%25')))).total).toBe(0);
});

test('filters: verdict, job, template and a date range of whole days', async () => {
  const count = (q: string) => asUser(db.sql, owner, (tx) => listLabels(tx, ws, filters(q))).then((p) => p.total);
  expect(await count('verified=no')).toBe(23);
  expect(await count('verified=yes')).toBe(47);
  expect(await count(`job=${jobB}`)).toBe(30);
  expect(await count(`job=${jobB}&verified=no`)).toBe(10);
  expect(await count(`template=${shelf}`)).toBe(70);
  expect(await count('from=2026-11-26')).toBe(35);
  expect(await count('to=2026-11-25')).toBe(35);
  expect(await count('from=2026-11-25&to=2026-11-25&verified=no')).toBe(11);
  const choices = await asUser(db.sql, owner, (tx) => filterChoices(tx, ws));
  expect(choices.templates.map((t) => t.name)).toEqual(['Shelf price tag']);
  expect(choices.jobs.map((j) => j.labels).sort()).toEqual([30, 40]);
});

test('another workspace sees none of the labels, not even by id', async () => {
  expect((await asUser(db.sql, stranger, (tx) => listLabels(tx, ws, filters()))).total).toBe(0);
  expect(await asUser(db.sql, stranger, (tx) => labelsByIds(tx, ids.slice(0, 5)))).toEqual([]);
});

test('a sheet PDF is laid out again from the stored data: 21 a page on the template stock, pages by count', async () => {
  const selected = ids.slice(0, 25);
  const plan = await asUser(db.sql, owner, async (tx) => {
    const labels = await labelsByIds(tx, selected);
    expect(labels.map((l) => l.id)).toEqual(selected); // in the order asked
    return planSheet(labels, await printTemplates(tx, [shelf]), { skip: 3 });
  });
  expect(plan.stock.id).toBe('avery-l7160');
  const file = path.join(dir, 'sheet.pdf');
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writePlannedSheet(plan, { skip: 3 }, out);
  await fs.writeFile(file, Buffer.concat(chunks));
  const info = execFileSync('pdfinfo', [file]).toString();
  expect(info).toMatch(/Pages:\s+2/); // 3 skipped + 25 = 28 slots > 21
  expect(info).toMatch(/A4/);
  const text = execFileSync('pdftotext', [file, '-']).toString();
  expect(text).toContain('SKU-001');
  expect(text).toContain('NOT VERIFIED'); // job A marks unverified labels, as their stored PNGs do
});

test('a roll stock gives one label-sized page per label; a stock too small or unknown is refused before any byte', async () => {
  const labels = await asUser(db.sql, owner, (tx) => labelsByIds(tx, ids.slice(0, 3)));
  const templates = await asUser(db.sql, owner, (tx) => printTemplates(tx, [shelf]));
  expect(planSheet(labels, templates, { stock: 'roll-100x150' }).stock.kind).toBe('roll');
  expect(() => planSheet(labels, templates, { stock: 'avery-l7651' })).toThrow(SheetRequestError);
  expect(() => planSheet(labels, templates, { stock: 'avery-l7651' })).toThrow(/38.1 × 21.2 mm/);
  expect(() => planSheet(labels, templates, { stock: 'nope' })).toThrow(/Unknown label stock "nope"/);
  expect(() => planSheet(labels, templates, { skip: 21 })).toThrow(/from 0 to 20/);
  expect(() => planSheet([], templates, {})).toThrow(/None of the selected labels/);
});

test('the ZIP holds each label PNG and PDF named by SKU, read one by one', async () => {
  const labels = await asUser(db.sql, owner, (tx) => labelsByIds(tx, ids.slice(0, 3)));
  const read: string[] = [];
  const files = labelZipFiles(labels, async (p) => {
    read.push(p);
    return Buffer.from(`file ${p}`);
  });
  const parts: Buffer[] = [];
  for await (const part of zipStream(files)) parts.push(part);
  const zip = path.join(dir, 'labels.zip');
  await fs.writeFile(zip, Buffer.concat(parts));
  expect(execFileSync('unzip', ['-t', zip]).toString()).toContain('No errors detected');
  const listing = execFileSync('unzip', ['-Z1', zip]).toString().trim().split('\n');
  expect(listing).toEqual(['SKU-001.png', 'SKU-001.pdf', 'SKU-002.png', 'SKU-002.pdf', 'SKU-003.png', 'SKU-003.pdf']);
  expect(execFileSync('unzip', ['-p', zip, 'SKU-002.pdf']).toString()).toBe(`file ${ws}/${jobA}/labels/2.pdf`);
  expect(read).toHaveLength(6);
});
