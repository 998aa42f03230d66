/**
 * Data Matrix reads back from the rendered PNG. The zbar on this machine (0.23) has no Data Matrix
 * decoder, so this file carries a small independent one: it samples the PNG at module centres,
 * checks the finder pattern and quiet zone, un-places the codewords with the ECC 200 placement
 * algorithm (ISO/IEC 16022 Annex F) and decodes the data codewords (ASCII, C40 and Text modes). It does not run Reed–Solomon
 * correction, so any misplaced module shows up as wrong data rather than being repaired.
 */
import { type TemplateInput, template } from '@tagwright/shared';
import { describe, expect, test } from 'vitest';
import type { BarcodeItem } from './drawing.ts';
import { layoutLabel } from './layout.ts';
import { renderLabelPng } from './png.ts';
import { decodePng, type Raster } from './testdata/raster.ts';

/** For each module of the mapping matrix: codeword number (from 1) × 10 + bit (1 = most significant). */
function placement(nrow: number, ncol: number): Int32Array {
  const array = new Int32Array(nrow * ncol);
  const module = (row: number, col: number, chr: number, bit: number) => {
    let r = row;
    let c = col;
    if (r < 0) {
      r += nrow;
      c += 4 - ((nrow + 4) % 8);
    }
    if (c < 0) {
      c += ncol;
      r += 4 - ((ncol + 4) % 8);
    }
    array[r * ncol + c] = 10 * chr + bit;
  };
  // each spot list is 8 (row, col) pairs, most significant bit first
  const place = (spots: number[], chr: number) => {
    for (let i = 0; i < 8; i++) module(spots[2 * i] as number, spots[2 * i + 1] as number, chr, i + 1);
  };
  const utah = (r: number, c: number, chr: number) =>
    place([r - 2, c - 2, r - 2, c - 1, r - 1, c - 2, r - 1, c - 1, r - 1, c, r, c - 2, r, c - 1, r, c], chr);
  const [R, C] = [nrow, ncol];
  const corner1 = [R - 1, 0, R - 1, 1, R - 1, 2, 0, C - 2, 0, C - 1, 1, C - 1, 2, C - 1, 3, C - 1];
  const corner2 = [R - 3, 0, R - 2, 0, R - 1, 0, 0, C - 4, 0, C - 3, 0, C - 2, 0, C - 1, 1, C - 1];
  const corner3 = [R - 3, 0, R - 2, 0, R - 1, 0, 0, C - 2, 0, C - 1, 1, C - 1, 2, C - 1, 3, C - 1];
  const corner4 = [R - 1, 0, R - 1, C - 1, 0, C - 3, 0, C - 2, 0, C - 1, 1, C - 3, 1, C - 2, 1, C - 1];
  let chr = 1;
  let row = 4;
  let col = 0;
  do {
    if (row === nrow && col === 0) place(corner1, chr++);
    if (row === nrow - 2 && col === 0 && ncol % 4) place(corner2, chr++);
    if (row === nrow - 2 && col === 0 && ncol % 8 === 4) place(corner3, chr++);
    if (row === nrow + 4 && col === 2 && !(ncol % 8)) place(corner4, chr++);
    do {
      if (row < nrow && col >= 0 && !array[row * ncol + col]) utah(row, col, chr++);
      row -= 2;
      col += 2;
    } while (row >= 0 && col < ncol);
    row += 1;
    col += 3;
    do {
      if (row >= 0 && col < ncol && !array[row * ncol + col]) utah(row, col, chr++);
      row += 2;
      col -= 2;
    } while (row < nrow && col >= 0);
    row += 3;
    col += 1;
  } while (row < nrow || col < ncol);
  return array;
}

/** Data codewords of the square single-region symbols (ISO/IEC 16022 table 7), by size. */
const DATA_CODEWORDS: Record<number, number> = { 10: 3, 12: 5, 14: 8, 16: 12, 18: 18, 20: 22, 22: 30, 24: 36, 26: 44 };

/** C40 (upper-case basic set) and Text (lower-case basic set) values to characters. */
function c40Text(values: number[], text: boolean): string {
  let out = '';
  let shift = 0;
  for (const v of values) {
    if (shift === 0) {
      if (v <= 2) shift = v + 1;
      else if (v === 3) out += ' ';
      else if (v <= 13) out += String(v - 4);
      else out += String.fromCharCode((text ? 97 : 65) + v - 14);
      continue;
    }
    if (shift === 1) out += String.fromCharCode(v);
    else if (shift === 2) {
      if (v <= 14) out += String.fromCharCode(33 + v);
      else if (v <= 21) out += String.fromCharCode(58 + v - 15);
      else if (v <= 26) out += String.fromCharCode(91 + v - 22);
      else throw new Error(`C40/Text shift-2 value ${v} (FNC1/upper shift) is beyond this test decoder`);
    } else out += String.fromCharCode((text ? 64 : 96) + v);
    shift = 0;
  }
  return out;
}

/** Data codewords to text: ASCII mode plus C40 and Text modes (what bwip-js picks for short data). */
function decodeCodewords(codewords: number[]): string {
  let text = '';
  let i = 0;
  while (i < codewords.length) {
    const cw = codewords[i++] as number;
    if (cw === 129) break;
    if (cw >= 1 && cw <= 128) text += String.fromCharCode(cw - 1);
    else if (cw >= 130 && cw <= 229) text += String(cw - 130).padStart(2, '0');
    else if (cw === 230 || cw === 239) {
      const values: number[] = [];
      while (i + 1 < codewords.length && codewords[i] !== 254) {
        const v = (codewords[i] as number) * 256 + (codewords[i + 1] as number) - 1;
        values.push(Math.floor(v / 1600), Math.floor((v % 1600) / 40), v % 40);
        i += 2;
      }
      if (codewords[i] === 254) i++;
      text += c40Text(values, cw === 239);
    } else throw new Error(`codeword ${cw} is a mode this test decoder does not know`);
  }
  return text;
}

/** The symbol's modules as sampled from the raster at their centres (true = dark). */
function sample(raster: Raster, item: BarcodeItem, dpi: number, rows: number, cols: number, margin = 0): boolean[][] {
  const px = (mm: number) => Math.floor((mm / 25.4) * dpi);
  const grid: boolean[][] = [];
  for (let r = -margin; r < rows + margin; r++) {
    const line: boolean[] = [];
    for (let c = -margin; c < cols + margin; c++) {
      const x = px(item.symbolBox.x + (c + 0.5) * item.module);
      const y = px(item.symbolBox.y + (r + 0.5) * item.module);
      line.push(raster.dark[y * raster.width + x] === 1);
    }
    grid.push(line);
  }
  return grid;
}

async function readDataMatrix(value: string, dpi: number): Promise<{ text: string; grid: boolean[][]; withQuiet: boolean[][] }> {
  const input: TemplateInput = {
    name: 'dm',
    width_mm: 40,
    height_mm: 40,
    dpi,
    elements: [{ type: 'barcode', x: 5, y: 5, width: 30, height: 30, symbology: 'datamatrix', value, humanReadable: false }],
  };
  const drawing = layoutLabel(template.parse(input), {});
  const item = drawing.items[0] as BarcodeItem;
  const raster = decodePng(await renderLabelPng(drawing));
  const size = Math.round(item.symbolBox.width / item.module);
  const grid = sample(raster, item, dpi, size, size);
  const withQuiet = sample(raster, item, dpi, size, size, 1);
  if (size > 26) throw new Error('multi-region symbols are beyond this test decoder');
  // the mapping matrix is the symbol without its one-module finder border
  const n = size - 2;
  const map = placement(n, n);
  const codewords: number[] = [];
  for (let r = 0; r < n; r++)
    for (let c = 0; c < n; c++) {
      const spot = map[r * n + c] as number;
      if (spot < 10 || !grid[r + 1]?.[c + 1]) continue;
      const index = Math.floor(spot / 10) - 1;
      codewords[index] = (codewords[index] ?? 0) | (0x80 >> ((spot % 10) - 1));
    }
  const dataCount = DATA_CODEWORDS[size];
  if (!dataCount) throw new Error(`a ${size}×${size} symbol is beyond this test decoder`);
  const data = Array.from({ length: dataCount }, (_, i) => codewords[i] ?? 0);
  return { text: decodeCodewords(data), grid, withQuiet };
}

describe.each([300, 203])('Data Matrix at %i dpi', (dpi) => {
  test.each(['TW-12345', 'https://tagwright.example/p/42', '4006381333931'])('reads back "%s"', async (value) => {
    const { text, grid, withQuiet } = await readDataMatrix(value, dpi);
    const n = grid.length;
    // finder: solid left column and bottom row; dotted top row and right column
    expect(grid.map((row) => row[0])).toEqual(Array(n).fill(true));
    expect(grid[n - 1]).toEqual(Array(n).fill(true));
    expect(grid[0]).toEqual(Array.from({ length: n }, (_, c) => c % 2 === 0));
    expect(grid.map((row) => row[n - 1])).toEqual(Array.from({ length: n }, (_, r) => (n - 1 - r) % 2 === 0));
    // a light quiet zone all round
    expect(withQuiet[0]?.some(Boolean)).toBe(false);
    expect(withQuiet[n + 1]?.some(Boolean)).toBe(false);
    expect(withQuiet.some((row) => row[0] || row[n + 1])).toBe(false);
    expect(text).toBe(value);
  });
});
