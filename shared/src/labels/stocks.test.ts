/**
 * Stock presets describe real sheets: every label of a sheet lies on its page, labels don't
 * overlap, ids are unique, slots fill row by row and carry on to the next page; an unknown id is
 * refused with the list of ids. The starter templates fit the stock they name.
 */
import { describe, expect, test } from 'vitest';
import { template } from '../schemas/template.ts';
import { starterTemplates } from './starters.ts';
import { findStock, type SheetStock, sheetSlot, stocks } from './stocks.ts';

const sheets = stocks.filter((s): s is SheetStock => s.kind === 'sheet');

describe.each(sheets.map((s) => [s.id, s] as const))('%s', (_id, stock) => {
  test('every label lies on the page, with a margin all round', () => {
    const last = sheetSlot(stock, stock.columns * stock.rows - 1);
    expect(stock.margin_left_mm).toBeGreaterThan(0);
    expect(stock.margin_top_mm).toBeGreaterThan(0);
    expect(last.page).toBe(0);
    expect(last.x_mm + stock.label.width_mm).toBeLessThan(stock.page.width_mm);
    expect(last.y_mm + stock.label.height_mm).toBeLessThanOrEqual(stock.page.height_mm);
  });

  test('labels do not overlap', () => {
    expect(stock.pitch_x_mm).toBeGreaterThanOrEqual(stock.label.width_mm);
    expect(stock.pitch_y_mm).toBeGreaterThanOrEqual(stock.label.height_mm);
  });

  test('the grid is centred left to right within 0.5 mm (die-cut sheets are symmetric)', () => {
    const right = stock.page.width_mm - (stock.margin_left_mm + (stock.columns - 1) * stock.pitch_x_mm + stock.label.width_mm);
    expect(Math.abs(right - stock.margin_left_mm)).toBeLessThanOrEqual(0.5);
  });

  test('slots fill row by row and the next page starts at the first slot again', () => {
    const perPage = stock.columns * stock.rows;
    expect(sheetSlot(stock, 1)).toEqual({ page: 0, x_mm: stock.margin_left_mm + stock.pitch_x_mm, y_mm: stock.margin_top_mm });
    expect(sheetSlot(stock, stock.columns)).toEqual({ page: 0, x_mm: stock.margin_left_mm, y_mm: stock.margin_top_mm + stock.pitch_y_mm });
    expect(sheetSlot(stock, perPage)).toEqual({ page: 1, x_mm: stock.margin_left_mm, y_mm: stock.margin_top_mm });
  });
});

test('the page sizes are A4 and US Letter', () => {
  for (const stock of sheets) {
    const expected = stock.page.name === 'A4' ? [210, 297] : [215.9, 279.4];
    expect([stock.page.width_mm, stock.page.height_mm]).toEqual(expected);
  }
});

test('stock ids are unique and found case-insensitively', () => {
  expect(new Set(stocks.map((s) => s.id)).size).toBe(stocks.length);
  expect(findStock('Avery-L7160').id).toBe('avery-l7160');
});

test('an unknown stock id is refused with the ids there are', () => {
  expect(() => findStock('avery-9999')).toThrow(/^Unknown label stock "avery-9999"; use one of: avery-l7160, .*roll-4x6in/);
});

test('each starter template fits the stock it names', () => {
  for (const input of starterTemplates) {
    const parsed = template.parse(input);
    const stock = findStock(parsed.stock ?? '');
    expect(parsed.width_mm, parsed.name).toBeLessThanOrEqual(stock.label.width_mm + 0.5);
    expect(parsed.height_mm, parsed.name).toBeLessThanOrEqual(stock.label.height_mm + 0.5);
  }
});
