/**
 * The ZPL graphic field (^GFA with ZPL ASCII compression) carries exactly the text the PNG shows:
 * a decoder written here from the ZPL manual rebuilds the bitmap, which must equal a direct 1-bit
 * raster (renderLabelPng of the same drawing's text only, thresholded at mid-grey) dot for dot.
 */
import { type LabelData, starterTemplates, type TemplateInput, template } from '@tagwright/shared';
import { describe, expect, test } from 'vitest';
import type { LabelDrawing } from './drawing.ts';
import { layoutLabel } from './layout.ts';
import { renderLabelPng } from './png.ts';
import { decodePng, type Raster } from './testdata/raster.ts';
import { renderLabelZpl } from './zpl.ts';

interface Graphic {
  x: number;
  y: number;
  bytesPerRow: number;
  rows: number;
  /** Row-major bits, 1 = dark. */
  bits: Uint8Array;
}

/** Expands one ^GFA data block: G–Y repeat 1–19, g–z repeat 20–400 (summed), ',' zeros to row end, '!' ones to row end, ':' repeat previous row. */
function decodeGraphicData(data: string, bytesPerRow: number): string[] {
  const rowLength = bytesPerRow * 2;
  const rows: string[] = [];
  let row = '';
  let count = 0;
  const endRow = () => {
    rows.push(row);
    row = '';
  };
  for (const ch of data) {
    if (ch >= 'G' && ch <= 'Y') count += ch.charCodeAt(0) - 'F'.charCodeAt(0);
    else if (ch >= 'g' && ch <= 'z') count += 20 * (ch.charCodeAt(0) - 'f'.charCodeAt(0));
    else if (ch === ',' || ch === '!') {
      if (count !== 0) throw new Error('a repeat count before , or !');
      row = row.padEnd(rowLength, ch === ',' ? '0' : 'F');
      endRow();
    } else if (ch === ':') {
      if (row !== '' || count !== 0) throw new Error(': in the middle of a row');
      const previous = rows[rows.length - 1];
      if (previous === undefined) throw new Error(': on the first row');
      rows.push(previous);
    } else if (/[0-9A-F]/.test(ch)) {
      row += ch.repeat(count === 0 ? 1 : count);
      count = 0;
      if (row.length > rowLength) throw new Error(`row ${rows.length} is ${row.length} hex digits, more than ${rowLength}`);
      if (row.length === rowLength) endRow();
    } else throw new Error(`unexpected character ${JSON.stringify(ch)} in ^GFA data`);
  }
  if (row !== '' || count !== 0) throw new Error('data ends in the middle of a row');
  return rows;
}

function parseGraphic(zpl: string): Graphic | undefined {
  const match = /\^FO(\d+),(\d+)\^GFA,(\d+),(\d+),(\d+),([^^]*)\^FS/.exec(zpl);
  if (!match) return undefined;
  const [, x, y, total, fieldTotal, perRow, data] = match;
  const bytesPerRow = Number(perRow);
  const rows = decodeGraphicData(data as string, bytesPerRow);
  expect(Number(total)).toBe(bytesPerRow * rows.length);
  expect(Number(fieldTotal)).toBe(Number(total));
  const bits = new Uint8Array(rows.length * bytesPerRow * 8);
  rows.forEach((hex, r) => {
    for (let b = 0; b < bytesPerRow; b++) {
      const byte = Number.parseInt(hex.slice(2 * b, 2 * b + 2), 16);
      for (let bit = 0; bit < 8; bit++) bits[r * bytesPerRow * 8 + b * 8 + bit] = (byte >> (7 - bit)) & 1;
    }
  });
  return { x: Number(x), y: Number(y), bytesPerRow, rows: rows.length, bits };
}

/** Lays the decoded graphic onto a blank label-sized bitmap. */
function placeGraphic(graphic: Graphic | undefined, width: number, height: number): Raster {
  const dark = new Uint8Array(width * height);
  if (graphic) {
    const span = graphic.bytesPerRow * 8;
    for (let r = 0; r < graphic.rows; r++)
      for (let c = 0; c < span; c++) {
        if (!graphic.bits[r * span + c]) continue;
        const x = graphic.x + c;
        const y = graphic.y + r;
        if (x >= width || y >= height) throw new Error(`a dark dot at ${x},${y} is off the ${width}×${height} label`);
        dark[y * width + x] = 1;
      }
  }
  return { width, height, dark };
}

function textOnly(drawing: LabelDrawing): LabelDrawing {
  return { ...drawing, background: '#ffffff', items: drawing.items.filter((item) => item.kind === 'text') };
}

function differingDots(a: Raster, b: Raster): number {
  expect([a.width, a.height]).toEqual([b.width, b.height]);
  let differ = 0;
  for (let i = 0; i < a.dark.length; i++) if (a.dark[i] !== b.dark[i]) differ++;
  return differ;
}

const product: LabelData = {
  name: 'Organic Fair-Trade Coffee Beans, Dark Roast 1 kg — Äpfel & Öl',
  price: '12.90',
  currency: 'EUR',
  sku: 'COF-DR-1KG',
  gtin: '4006381333931',
  url: 'https://shop.example/p/coffee-dark',
  today: new Date('2026-11-26T00:00:00Z'),
};

describe('^GFA round-trips to the text raster', () => {
  const cases = starterTemplates.flatMap((input) => [203, 300].map((dpi) => ({ name: input.name, input, dpi })));
  test.each(cases)('$name at $dpi dpi', async ({ input, dpi }) => {
    const drawing = layoutLabel(template.parse(input), product, dpi);
    const zpl = renderLabelZpl(drawing, dpi);
    const direct = decodePng(await renderLabelPng(textOnly(drawing), dpi));
    const graphic = parseGraphic(zpl);
    expect(graphic, 'the starter has text, so the ZPL needs a graphic field').toBeDefined();
    expect((graphic?.x ?? 1) % 8, 'the graphic starts on a byte boundary').toBe(0);
    const rebuilt = placeGraphic(graphic, direct.width, direct.height);
    expect(differingDots(rebuilt, direct)).toBe(0);
    expect(rebuilt.dark.some(Boolean)).toBe(true);
  });
});

test('long runs (over 400 dots of one value) and repeated rows compress and decode right', async () => {
  // a wide solid bar of text-like ink: a row of 4 in full blocks is 100+ identical hex digits
  const input: TemplateInput = {
    name: 'runs',
    width_mm: 200,
    height_mm: 20,
    dpi: 300,
    elements: [
      { type: 'text', x: 0, y: 0, width: 200, height: 20, text: '████████████████', fontSize: 60, font: 'DejaVu Sans', fit: 'shrink' },
    ],
  };
  const drawing = layoutLabel(template.parse(input), {}, 300);
  const zpl = renderLabelZpl(drawing, 300);
  expect(zpl).toMatch(/[g-z]/);
  expect(zpl).toContain(':');
  const direct = decodePng(await renderLabelPng(textOnly(drawing), 300));
  expect(differingDots(placeGraphic(parseGraphic(zpl), direct.width, direct.height), direct)).toBe(0);
});

test('a label with no text has no graphic field', () => {
  const input: TemplateInput = {
    name: 'bars only',
    width_mm: 50,
    height_mm: 25,
    dpi: 203,
    elements: [{ type: 'barcode', x: 2, y: 2, width: 46, height: 21, symbology: 'code128', value: 'ABC-123', humanReadable: false }],
  };
  const zpl = renderLabelZpl(layoutLabel(template.parse(input), {}, 203), 203);
  expect(zpl).not.toContain('^GF');
  expect(zpl).toContain('^FDABC-123^FS');
});

test('the decoder itself: the ZPL manual’s compression examples', () => {
  // 'J' = 4 repeats, 'h' = 40, ',' zero-fills the row, ':' repeats it
  expect(decodeGraphicData('JF,:', 4)).toEqual(['FFFF0000', 'FFFF0000']);
  expect(decodeGraphicData('hHF', 21)).toEqual(['F'.repeat(42)]);
  expect(decodeGraphicData('gGA!', 12)).toEqual([`${'A'.repeat(21)}${'F'.repeat(3)}`]);
});
