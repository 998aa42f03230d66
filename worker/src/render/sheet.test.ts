/**
 * N-up sheets line up with the die-cut labels: the page is A4/Letter, the page count is right,
 * and each label's black box — found in the page rasterised by pdftoppm — sits at the stock's
 * margin + pitch position (within 0.3 mm), moved by the printer offsets, starting after `skip`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { findStock, type SheetStock, sheetSlot, template } from '@tagwright/shared';
import { afterAll, describe, expect, test } from 'vitest';
import type { LabelDrawing } from './drawing.ts';
import { layoutLabel } from './layout.ts';
import { type SheetOptions, writeSheetPdf } from './sheet.ts';
import { decodePng, makeTempDir, pdfPageSizes, pdfToPngs, type Raster } from './testdata/raster.ts';

const temp = makeTempDir('sheet');
afterAll(() => temp.remove());

/** 254 dpi: one pixel is 0.1 mm. */
const DPI = 254;
const PX_MM = 25.4 / DPI;
const TOLERANCE_MM = 0.3;
/** The black box is inset from the label's edges so labels that touch (pitch = height) stay apart. */
const INSET = 0.5;

function blackLabels(stock: SheetStock, count: number, size = stock.label): LabelDrawing[] {
  const parsed = template.parse({
    name: 'black',
    width_mm: size.width_mm,
    height_mm: size.height_mm,
    elements: [
      { type: 'box', x: INSET, y: INSET, width: size.width_mm - 2 * INSET, height: size.height_mm - 2 * INSET, stroke: 0, fill: '#000000' },
    ],
  });
  const drawing = layoutLabel(parsed, {});
  return Array.from({ length: count }, () => drawing);
}

async function renderSheet(name: string, drawings: LabelDrawing[], options: SheetOptions) {
  const dir = path.join(temp.dir, name);
  fs.mkdirSync(dir);
  const pdf = path.join(dir, 'sheet.pdf');
  const result = await writeSheetPdf(drawings, options, fs.createWriteStream(pdf));
  return { result, sizes: pdfPageSizes(pdf), pages: pdfToPngs(pdf, DPI, dir).map((f) => decodePng(fs.readFileSync(f))) };
}

const isDark = (r: Raster, xMm: number, yMm: number) => r.dark[Math.floor(yMm / PX_MM) * r.width + Math.floor(xMm / PX_MM)] === 1;

/** The dark run through (x, y) along one axis, as [start, end) in mm. */
function darkRun(r: Raster, xMm: number, yMm: number, axis: 'x' | 'y'): [number, number] {
  let x = Math.floor(xMm / PX_MM);
  let y = Math.floor(yMm / PX_MM);
  const dark = (px: number, py: number) => px >= 0 && py >= 0 && px < r.width && py < r.height && r.dark[py * r.width + px] === 1;
  if (!dark(x, y)) throw new Error(`no label at ${xMm.toFixed(1)}, ${yMm.toFixed(1)} mm`);
  const [dx, dy] = axis === 'x' ? [1, 0] : [0, 1];
  while (dark(x - dx, y - dy)) [x, y] = [x - dx, y - dy];
  const start = axis === 'x' ? x : y;
  while (dark(x + dx, y + dy)) [x, y] = [x + dx, y + dy];
  const end = (axis === 'x' ? x : y) + 1;
  return [start * PX_MM, end * PX_MM];
}

/** Checks the black box of the label in `slot` (0-based, on its page) sits where the stock says, shifted by the offsets. */
function expectLabelAt(page: Raster, stock: SheetStock, slot: number, offset = { x: 0, y: 0 }) {
  const { x_mm, y_mm } = sheetSlot(stock, slot);
  const left = x_mm + offset.x + INSET;
  const top = y_mm + offset.y + INSET;
  const right = x_mm + offset.x + stock.label.width_mm - INSET;
  const bottom = y_mm + offset.y + stock.label.height_mm - INSET;
  const [x0, x1] = darkRun(page, (left + right) / 2, (top + bottom) / 2, 'x');
  const [y0, y1] = darkRun(page, (left + right) / 2, (top + bottom) / 2, 'y');
  const where = `slot ${slot}`;
  expect(Math.abs(x0 - left), `${where} left edge ${x0} vs ${left}`).toBeLessThanOrEqual(TOLERANCE_MM);
  expect(Math.abs(x1 - right), `${where} right edge ${x1} vs ${right}`).toBeLessThanOrEqual(TOLERANCE_MM);
  expect(Math.abs(y0 - top), `${where} top edge ${y0} vs ${top}`).toBeLessThanOrEqual(TOLERANCE_MM);
  expect(Math.abs(y1 - bottom), `${where} bottom edge ${y1} vs ${bottom}`).toBeLessThanOrEqual(TOLERANCE_MM);
}

/** Which slots of a page hold a label (dark at the slot's centre). */
function filledSlots(page: Raster, stock: SheetStock, offset = { x: 0, y: 0 }): number[] {
  const filled: number[] = [];
  for (let slot = 0; slot < stock.columns * stock.rows; slot++) {
    const { x_mm, y_mm } = sheetSlot(stock, slot);
    if (isDark(page, x_mm + offset.x + stock.label.width_mm / 2, y_mm + offset.y + stock.label.height_mm / 2)) filled.push(slot);
  }
  return filled;
}

/** A sink for PDFs that are expected to be refused. */
const discard = () => new Writable({ write: (_chunk, _encoding, done) => done() });

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe.each([
  ['avery-l7160', 'A4', 210, 297],
  ['avery-5160', 'Letter', 215.9, 279.4],
])('%s (%s)', (id, _page, pageWidth, pageHeight) => {
  const stock = findStock(id) as SheetStock;
  const perPage = stock.columns * stock.rows;

  test('22 labels: page size, page count, every label at margin + pitch', async () => {
    const { result, sizes, pages } = await renderSheet(`${id}-plain`, blackLabels(stock, 22), { stock });
    const expectedPages = Math.ceil(22 / perPage);
    expect(result).toEqual({ pages: expectedPages, labels: 22 });
    expect(sizes).toHaveLength(expectedPages);
    for (const size of sizes) {
      expect(Math.abs(size.width_mm - pageWidth)).toBeLessThanOrEqual(0.1);
      expect(Math.abs(size.height_mm - pageHeight)).toBeLessThanOrEqual(0.1);
    }
    const first = pages[0] as Raster;
    expect(filledSlots(first, stock)).toEqual(range(0, Math.min(22, perPage)));
    for (const slot of filledSlots(first, stock)) expectLabelAt(first, stock, slot);
    if (22 > perPage) {
      const second = pages[1] as Raster;
      expect(filledSlots(second, stock)).toEqual(range(0, 22 - perPage));
      expectLabelAt(second, stock, 0);
    }
  });

  test('printer offsets shift every label by that many mm', async () => {
    const offset = { x: 1.5, y: -1 };
    const { pages } = await renderSheet(`${id}-offset`, blackLabels(stock, perPage), {
      stock,
      offset_x_mm: offset.x,
      offset_y_mm: offset.y,
    });
    const page = pages[0] as Raster;
    expect(filledSlots(page, stock, offset)).toEqual(range(0, perPage));
    for (const slot of [0, stock.columns - 1, perPage - stock.columns, perPage - 1]) expectLabelAt(page, stock, slot, offset);
  });

  test('skip starts at the right slot and carries on to the next sheet', async () => {
    const skip = 5;
    const count = perPage;
    const { result, pages } = await renderSheet(`${id}-skip`, blackLabels(stock, count), { stock, skip });
    expect(result).toEqual({ pages: 2, labels: count });
    const first = pages[0] as Raster;
    expect(filledSlots(first, stock)).toEqual(range(skip, perPage));
    expectLabelAt(first, stock, skip);
    // the labels that did not fit after the skipped ones start the second sheet at its first slot
    expect(filledSlots(pages[1] as Raster, stock)).toEqual(range(0, skip));
  });

  test('a template smaller than the label sits in the middle of it', async () => {
    const small = { width_mm: stock.label.width_mm - 10, height_mm: stock.label.height_mm - 6 };
    const { pages } = await renderSheet(`${id}-small`, blackLabels(stock, 1, small), { stock });
    const { x_mm, y_mm } = sheetSlot(stock, 0);
    const [x0, x1] = darkRun(pages[0] as Raster, x_mm + stock.label.width_mm / 2, y_mm + stock.label.height_mm / 2, 'x');
    expect(Math.abs(x0 - (x_mm + 5 + INSET))).toBeLessThanOrEqual(TOLERANCE_MM);
    expect(Math.abs(x1 - (x_mm + stock.label.width_mm - 5 - INSET))).toBeLessThanOrEqual(TOLERANCE_MM);
  });
});

test('a template larger than the stock’s labels is refused, naming both sizes', async () => {
  const stock = findStock('avery-l7160') as SheetStock;
  const big = blackLabels(stock, 3, { width_mm: 70, height_mm: 38.1 });
  await expect(writeSheetPdf(big, { stock }, discard())).rejects.toThrow(
    'The template is 70 × 38.1 mm but avery-l7160 labels are 63.5 × 38.1 mm; pick a stock with labels at least that big or resize the template.',
  );
});

test('a skip outside the sheet is refused with the range allowed', async () => {
  const stock = findStock('avery-l7160') as SheetStock;
  await expect(writeSheetPdf(blackLabels(stock, 1), { stock, skip: 21 }, discard())).rejects.toThrow(
    'skip must be a whole number from 0 to 20 for avery-l7160 (it was 21).',
  );
});
