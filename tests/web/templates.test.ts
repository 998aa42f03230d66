/**
 * The templates list and designer's server code over a real Postgres: templates made, duplicated,
 * saved and deleted as the user under RLS (viewers refused, other workspaces invisible), and the
 * designer's previews drawn by the worker's engine with a product of the workspace or sample data.
 */
import { template as templateSchema } from '@tagwright/shared';
import { asUser } from '@tagwright/shared/db';
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newTemplate } from '../../web/src/lib/server/templates/new-template.ts';
import { attributeColumns, previewData, productOptions, SAMPLE_DATA } from '../../web/src/lib/server/templates/preview-data.ts';
import { checkTemplate, previewLayers, previewSvg } from '../../web/src/lib/server/templates/preview-render.ts';
import {
  createTemplate,
  deleteTemplate,
  duplicateTemplate,
  getTemplate,
  listTemplates,
  updateTemplate,
  writeProblem,
} from '../../web/src/lib/server/templates/template-rows.ts';
import { addMember, createUser, createWorkspace } from '../db/fixtures.ts';

let db: TestPostgres;
let owner: string;
let viewer: string;
let stranger: string;
let ws: string;
let empty: string;

const made = (form: { name: string; source: string; stock: string }) => {
  const result = newTemplate(form);
  if (!result.ok) throw new Error(JSON.stringify(result.fields));
  return result.template;
};

beforeAll(async () => {
  db = await testPostgres();
  owner = await createUser(db.sql, 'owner@example.com');
  viewer = await createUser(db.sql, 'viewer@example.com');
  stranger = await createUser(db.sql, 'stranger@example.com');
  ws = await createWorkspace(db.sql, 'Shop', owner);
  await addMember(db.sql, ws, viewer, 'viewer');
  empty = await createWorkspace(db.sql, 'Elsewhere', stranger);
  await db.sql`insert into public.products (workspace_id, sku, name, price, currency, gtin, attributes) values
    (${ws}, 'B-2', 'Bad barcode', 3.5, 'EUR', '4006381333932', ${db.sql.json({ 'Origin country': 'Spain' })}),
    (${ws}, 'A-1', 'Oat drink', 1.2900, 'EUR', '4006381333931', ${db.sql.json({ Colour: 'white' })})`;
});
afterAll(async () => {
  await db?.stop();
});

describe('new template form', () => {
  test('a blank label takes its size from the chosen stock', () => {
    const t = made({ name: ' Sticker ', source: 'blank', stock: 'roll-62x29' });
    expect(t).toMatchObject({ name: 'Sticker', width_mm: 62, height_mm: 29, stock: 'roll-62x29', elements: [] });
  });
  test('a blank label needs a stock; unknown stocks and empty names are refused by field', () => {
    expect(newTemplate({ name: 'x', source: 'blank', stock: '' })).toMatchObject({
      ok: false,
      fields: { stock: expect.stringMatching(/stock/) },
    });
    expect(newTemplate({ name: 'x', source: 'blank', stock: 'nope' })).toMatchObject({
      ok: false,
      fields: { stock: expect.stringMatching(/Unknown/) },
    });
    expect(newTemplate({ name: '  ', source: '0', stock: '' })).toMatchObject({ ok: false, fields: { name: expect.any(String) } });
  });
  test('a starter keeps its elements and stock unless another stock is chosen', () => {
    const shelf = made({ name: 'Tag', source: '0', stock: '' });
    expect(shelf).toMatchObject({ stock: 'avery-l7160', width_mm: 63.5, height_mm: 38.1 });
    expect(shelf.elements.length).toBeGreaterThan(3);
    expect(made({ name: 'Tag', source: '0', stock: 'avery-l7163' })).toMatchObject({ stock: 'avery-l7163', width_mm: 99.1 });
  });
});

describe('templates as the user', () => {
  let id: string;
  test('an owner creates, lists and opens a template', async () => {
    id = await asUser(db.sql, owner, (tx) => createTemplate(tx, ws, made({ name: 'Shelf', source: '0', stock: '' })));
    const list = await asUser(db.sql, owner, (tx) => listTemplates(tx, ws));
    expect(list.find((t) => t.id === id)).toMatchObject({ name: 'Shelf', width_mm: 63.5, height_mm: 38.1, dpi: 300, stock: 'avery-l7160' });
    const opened = await asUser(db.sql, owner, (tx) => getTemplate(tx, ws, id));
    expect(opened?.elements[0]).toMatchObject({ type: 'text', text: '{{name}}', font: 'Inter' });
  });

  test('a duplicate name is a message for the name field', async () => {
    const error = await asUser(db.sql, owner, (tx) =>
      createTemplate(tx, ws, made({ name: 'Shelf', source: 'blank', stock: 'roll-62x29' })),
    ).catch((e) => e);
    expect(writeProblem(error, 'Shelf')).toMatch(/already exists/);
  });

  test('duplicates take the first free "copy" name', async () => {
    const a = await asUser(db.sql, owner, (tx) => duplicateTemplate(tx, ws, id));
    const b = await asUser(db.sql, owner, (tx) => duplicateTemplate(tx, ws, id));
    const names = await asUser(db.sql, owner, async (tx) => [(await getTemplate(tx, ws, a))?.name, (await getTemplate(tx, ws, b))?.name]);
    expect(names).toEqual(['Shelf copy', 'Shelf copy 2']);
  });

  test('saving replaces the content and moves updated_at', async () => {
    const before = await asUser(db.sql, owner, (tx) => getTemplate(tx, ws, id));
    if (!before) throw new Error('missing');
    const { id: _id, updated_at, ...content } = before;
    const next = { ...content, name: 'Shelf v2', locale: 'de-DE', elements: content.elements.slice(0, 2) };
    const at = await asUser(db.sql, owner, (tx) => updateTemplate(tx, ws, id, next));
    expect(at > updated_at).toBe(true);
    const after = await asUser(db.sql, owner, (tx) => getTemplate(tx, ws, id));
    expect(after).toMatchObject({ name: 'Shelf v2', locale: 'de-DE' });
    expect(after?.elements).toHaveLength(2);
  });

  test('a viewer sees the templates but cannot create, save, duplicate or delete', async () => {
    const list = await asUser(db.sql, viewer, (tx) => listTemplates(tx, ws));
    expect(list.some((t) => t.id === id)).toBe(true);
    const tpl = made({ name: 'Viewer tag', source: 'blank', stock: 'roll-62x29' });
    const create = await asUser(db.sql, viewer, (tx) => createTemplate(tx, ws, tpl)).catch((e) => e);
    expect(writeProblem(create)).toMatch(/only view/);
    const save = await asUser(db.sql, viewer, (tx) => updateTemplate(tx, ws, id, tpl)).catch((e) => e);
    expect(writeProblem(save)).toMatch(/only view/);
    const dup = await asUser(db.sql, viewer, (tx) => duplicateTemplate(tx, ws, id)).catch((e) => e);
    expect(writeProblem(dup)).toMatch(/only view/);
    const del = await asUser(db.sql, viewer, (tx) => deleteTemplate(tx, ws, id)).catch((e) => e);
    expect(writeProblem(del)).toMatch(/only view/);
    const [row] = await db.sql`select name from public.templates where id = ${id}`;
    expect(row?.name).toBe('Shelf v2');
  });

  test("another workspace's member can't see, open or change the template", async () => {
    expect(await asUser(db.sql, stranger, (tx) => listTemplates(tx, ws))).toEqual([]);
    expect(await asUser(db.sql, stranger, (tx) => getTemplate(tx, ws, id))).toBeUndefined();
    expect(await asUser(db.sql, owner, (tx) => getTemplate(tx, empty, id))).toBeUndefined();
    expect(await asUser(db.sql, owner, (tx) => getTemplate(tx, ws, 'not-a-uuid'))).toBeUndefined();
    const del = await asUser(db.sql, stranger, (tx) => deleteTemplate(tx, ws, id)).catch((e) => e);
    expect(writeProblem(del)).toBeDefined();
  });

  test('an owner deletes a template', async () => {
    await asUser(db.sql, owner, (tx) => deleteTemplate(tx, ws, id));
    expect(await asUser(db.sql, owner, (tx) => getTemplate(tx, ws, id))).toBeUndefined();
  });
});

describe('previews', () => {
  const shelf = () => made({ name: 'Shelf', source: '0', stock: '' });

  test('the preview product is the chosen one, else the first by SKU, else sample data', async () => {
    const [first, products, columns] = await asUser(db.sql, owner, (tx) =>
      Promise.all([previewData(tx, ws), productOptions(tx, ws), attributeColumns(tx, ws)]),
    );
    expect(first).toMatchObject({ sku: 'A-1', price: '1.2900', gtin: '4006381333931' });
    expect(products.map((p) => p.sku)).toEqual(['A-1', 'B-2']);
    expect(columns).toEqual(['Colour', 'Origin country']);
    const chosen = await asUser(db.sql, owner, (tx) => previewData(tx, ws, products[1]?.id));
    expect(chosen.sku).toBe('B-2');
    expect(await asUser(db.sql, stranger, (tx) => previewData(tx, ws, products[1]?.id))).toEqual(SAMPLE_DATA);
    expect(await asUser(db.sql, stranger, (tx) => previewData(tx, empty))).toEqual(SAMPLE_DATA);
  });

  test('the label SVG is drawn at the label size by the engine', async () => {
    const data = await asUser(db.sql, owner, (tx) => previewData(tx, ws));
    const result = previewSvg(shelf(), data);
    if (!('svg' in result)) throw new Error(result.error);
    expect(result.svg).toMatch(/^<svg[^>]+viewBox="0 0 63.5 38.1"/);
    expect(result.svg).toContain('<use href=');
  });

  test("a product the template can't print gives the engine's message naming the element", async () => {
    const products = await asUser(db.sql, owner, (tx) => productOptions(tx, ws));
    const bad = await asUser(db.sql, owner, (tx) => previewData(tx, ws, products.find((p) => p.sku === 'B-2')?.id));
    const result = previewSvg(shelf(), bad);
    expect(result).toEqual({ error: expect.stringMatching(/^Element 4 \(ean13 barcode\).*check digit/) });
  });

  test('layers: one transparent SVG per element, the failing one with its own number', async () => {
    const { layers, missing } = previewLayers(shelf(), { ...SAMPLE_DATA, gtin: '4006381333932' });
    expect(layers).toHaveLength(6);
    expect(layers[0]).toEqual({ svg: expect.stringContaining('fill="none"') });
    expect(layers[3]).toEqual({ error: expect.stringMatching(/^Element 4 \(ean13 barcode\)/) });
    expect(missing).toEqual([]);
  });

  test('a template the schema rejects names the field', () => {
    const bad = { ...shelf(), elements: [{ type: 'text', x: 0, y: 0, width: 10, height: 5, text: 'x', fontSize: 1 }] };
    const checked = checkTemplate(bad);
    expect(checked).toMatchObject({ ok: false, error: expect.stringMatching(/^elements\.0\.fontSize: /) });
    expect(checked.ok === false && checked.fields['elements.0.fontSize']).toBeTruthy();
    expect(checkTemplate(templateSchema.parse(shelf())).ok).toBe(true);
  });
});
