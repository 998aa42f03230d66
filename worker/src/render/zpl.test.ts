/**
 * ZPL for the starter templates at 203 and 300 dpi: byte-for-byte golden files (regenerate with
 * UPDATE_GOLDEN=1), and what a printer relies on — ^PW/^LL equal to the label in dots, whole-dot
 * module widths, EAN-13 sent as 12 digits (the printer adds the check digit), fields on the label.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LabelData, starterTemplates, type TemplateInput, template } from '@tagwright/shared';
import { describe, expect, test } from 'vitest';
import { layoutLabel } from './layout.ts';
import { renderLabelZpl } from './zpl.ts';

const TESTDATA = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata');

const zplProduct: LabelData = {
  name: 'Organic Fair-Trade Coffee Beans, Dark Roast 1 kg',
  price: '12.90',
  currency: 'EUR',
  sku: 'COF-DR-1KG',
  gtin: '4006381333931',
  url: 'https://shop.example/p/coffee-dark',
  today: new Date('2026-11-26T00:00:00Z'),
};

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');
const cases = starterTemplates.flatMap((input) => [203, 300].map((dpi) => ({ name: input.name, input, dpi })));

function zplFor(input: TemplateInput, dpi: number): string {
  return renderLabelZpl(layoutLabel(template.parse(input), zplProduct, dpi), dpi);
}

describe('golden ZPL', () => {
  test.each(cases)('$name at $dpi dpi', ({ input, dpi }) => {
    const file = path.join(TESTDATA, `${slug(input.name)}-${dpi}.zpl`);
    const zpl = zplFor(input, dpi);
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(file, zpl);
    if (!fs.existsSync(file)) throw new Error(`${file} is missing; run the test with UPDATE_GOLDEN=1 to write it`);
    expectSameZpl(zpl, fs.readFileSync(file, 'utf8'), file);
  });

  test('the same input gives the same ZPL twice (no clock, no randomness)', () => {
    const input = starterTemplates[0] as TemplateInput;
    expect(zplFor(input, 203)).toBe(zplFor(input, 203));
  });
});

/** Exact comparison, reported as the first differing line (a ^GFA line is kilobytes long). */
function expectSameZpl(actual: string, golden: string, file: string) {
  if (actual === golden) return;
  const a = actual.split('\n');
  const g = golden.split('\n');
  const at = a.findIndex((line, i) => line !== g[i]);
  const line = at < 0 ? a.length : at;
  const show = (text: string | undefined) => (text === undefined ? '(no line)' : `${text.slice(0, 160)}${text.length > 160 ? '…' : ''}`);
  expect.fail(
    `ZPL differs from ${path.basename(file)} at line ${line + 1}:\n  got:    ${show(a[line])}\n  golden: ${show(g[line])}\n(regenerate with UPDATE_GOLDEN=1 if the change is intended)`,
  );
}

const dots = (mm: number, dpi: number) => Math.round((mm / 25.4) * dpi);

describe('commands a printer relies on', () => {
  test.each(cases)('$name at $dpi dpi', ({ input, dpi }) => {
    const zpl = zplFor(input, dpi);
    expect(zpl.startsWith('^XA\n')).toBe(true);
    expect(zpl.endsWith('^XZ\n')).toBe(true);
    // UTF-8, so a product name with accents prints as written
    expect(zpl).toContain('^CI28\n');
    const width = dots(input.width_mm, dpi);
    const height = dots(input.height_mm, dpi);
    expect(zpl).toContain(`^PW${width}\n`);
    expect(zpl).toContain(`^LL${height}\n`);
    for (const [, by] of zpl.matchAll(/\^BY([^,^]+)/g)) {
      expect(by).toMatch(/^[1-9]\d*$/);
    }
    // every field starts on the label
    for (const [, x, y] of zpl.matchAll(/\^FO(-?\d+),(-?\d+)/g)) {
      expect(Number(x)).toBeGreaterThanOrEqual(0);
      expect(Number(y)).toBeGreaterThanOrEqual(0);
      expect(Number(x)).toBeLessThan(width);
      expect(Number(y)).toBeLessThan(height);
    }
  });

  test('EAN-13 goes to the printer as 12 digits: ^BE adds the check digit itself', () => {
    for (const dpi of [203, 300]) {
      const zpl = zplFor(starterTemplates[0] as TemplateInput, dpi);
      const ean = /\^BE[NRIB],\d+,[YN],N\^FD(\d*)\^FS/.exec(zpl);
      expect(ean?.[1]).toBe('400638133393');
    }
  });

  test('the shipping label sends QR, GS1-128 and Code 128 as native barcodes with their data', () => {
    const zpl = zplFor(starterTemplates[2] as TemplateInput, 203);
    expect(zpl).toMatch(/\^BQN,2,\d+\^FDMA,https:\/\/shop\.example\/p\/coffee-dark\^FS/);
    expect(zpl).toContain('^FDCOF-DR-1KG^FS');
    // GS1-128 in subset-D mode with the AI data; the printer inserts FNC1
    expect(zpl).toMatch(/\^BCN,\d+,[YN],N,N,D\^FD\(01\)04006381333931\^FS/);
  });

  test('the barcode module width is the layout’s module in whole dots', () => {
    for (const dpi of [203, 300]) {
      const drawing = layoutLabel(template.parse(starterTemplates[0] as TemplateInput), zplProduct, dpi);
      const barcode = drawing.items.find((item) => item.kind === 'barcode');
      if (barcode?.kind !== 'barcode') throw new Error('starter has no barcode');
      const moduleDots = (barcode.module / 25.4) * dpi;
      expect(Math.abs(moduleDots - Math.round(moduleDots))).toBeLessThan(1e-6);
      expect(renderLabelZpl(drawing, dpi)).toContain(`^BY${Math.round(moduleDots)}^FO`);
    }
  });
});

describe('field data and placement a printer gets right', () => {
  test('a SKU or URL containing ^ or ~ cannot end the field or the label early', () => {
    const parsed = template.parse({
      name: 'escapes',
      width_mm: 80,
      height_mm: 40,
      dpi: 203,
      elements: [
        { type: 'barcode', x: 2, y: 2, width: 50, height: 20, symbology: 'code128', value: '{{sku}}' },
        { type: 'barcode', x: 55, y: 2, width: 22, height: 22, symbology: 'qr', value: '{{url}}', humanReadable: false },
      ],
    });
    const zpl = renderLabelZpl(layoutLabel(parsed, { sku: 'AB^XZ~1', url: 'https://shop.example/~oak' }, 203), 203);
    // ^ and ~ are ZPL's command prefixes: in field data they must be escaped (e.g. ^FH with _5E / _7E)
    expect(zpl.match(/\^XZ/g), 'only the label’s own ^XZ').toHaveLength(1);
    expect(zpl.trimEnd().endsWith('^XZ')).toBe(true);
    expect(zpl).not.toContain('~');
  });

  test('a barcode rotated by 90° is placed where the layout turned it, not at its unrotated spot', () => {
    const dpi = 203;
    const parsed = template.parse({
      name: 'rotated',
      width_mm: 80,
      height_mm: 80,
      dpi,
      elements: [{ type: 'barcode', x: 5, y: 25, width: 70, height: 30, rotation: 90, symbology: 'code128', value: 'ROT-90' }],
    });
    const drawing = layoutLabel(parsed, {}, dpi);
    const item = drawing.items[0];
    if (item?.kind !== 'barcode' || !item.rotation) throw new Error('expected a rotated barcode');
    const { cx, cy } = item.rotation;
    const s = item.symbolBox;
    // turned 90° clockwise about (cx, cy): the bars run down from y = cy + (s.x − cx); their
    // height spans x from cx − (s.y + s.height − cy) to cx − (s.y − cy); the text sits to their left
    const barsTop = cy + (s.x - cx);
    const barsLeft = cx - (s.y + s.height - cy);
    const line = zpl(drawing, dpi).find((l) => l.includes('^BCR'));
    const [, x, y] = /\^FO(\d+),(\d+)/.exec(line ?? '') ?? [];
    expect(line, 'a native rotated Code 128 (^BCR)').toBeDefined();
    expect(Math.abs(Number(y) - dots(barsTop, dpi)), `^FO y ${y} vs ${dots(barsTop, dpi)}`).toBeLessThanOrEqual(2);
    expect(Number(x)).toBeLessThanOrEqual(dots(barsLeft, dpi));
    expect(Number(x)).toBeGreaterThanOrEqual(dots(cx - (item.box.y + item.box.height - cy), dpi) - 2);
  });
});

function zpl(drawing: ReturnType<typeof layoutLabel>, dpi: number): string[] {
  return renderLabelZpl(drawing, dpi).split('\n');
}
