/**
 * Every barcode a label can carry scans back to its data with a real decoder (zbarimg): from the
 * PNG at 300 and 203 dpi, rotated by 90°, and from the PDF rasterised by pdftoppm. Data Matrix,
 * which this zbar (0.23) can't read, is checked in barcode-datamatrix.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type BarcodeSymbology, type TemplateInput, template } from '@tagwright/shared';
import { afterAll, describe, expect, test } from 'vitest';
import { layoutLabel } from './layout.ts';
import { renderLabelPdf } from './pdf.ts';
import { renderLabelPng } from './png.ts';
import { makeTempDir, pdfToPngs, zbarimg } from './testdata/raster.ts';

const temp = makeTempDir('barcodes');
afterAll(() => temp.remove());

interface Case {
  symbology: BarcodeSymbology;
  value: string;
  /** What zbarimg reports: its type name, the data and (for GS1) its modifier. */
  type: string;
  data: string;
  modifiers?: string;
  /** zbar reports UPC-A as EAN-13 unless asked for UPC-A. */
  config?: string[];
  linear: boolean;
}

const cases: Case[] = [
  // 12 digits in, the check digit (1) computed
  { symbology: 'ean13', value: '400638133393', type: 'EAN-13', data: '4006381333931', linear: true },
  { symbology: 'upca', value: '03600029145', type: 'UPC-A', data: '036000291452', config: ['-Supca.enable'], linear: true },
  { symbology: 'code128', value: 'Tagwright-Shelf-42 mixed Case', type: 'CODE-128', data: 'Tagwright-Shelf-42 mixed Case', linear: true },
  { symbology: 'code39', value: 'TW-12345', type: 'CODE-39', data: 'TW-12345', linear: true },
  // 13 digits in, check digit 3 computed; zbar calls ITF "I2/5"
  { symbology: 'itf14', value: '1540014128876', type: 'I2/5', data: '15400141288763', linear: true },
  // zbar prints GS1-128 as the AI digits without brackets, and marks the symbol GS1 (FNC1 first)
  {
    symbology: 'gs1-128',
    value: '(01)09501101530003(17)251231',
    type: 'CODE-128',
    data: '010950110153000317251231',
    modifiers: 'GS1',
    linear: true,
  },
  {
    symbology: 'qr',
    value: 'https://tagwright.example/p/42?ref=shelf',
    type: 'QR-Code',
    data: 'https://tagwright.example/p/42?ref=shelf',
    linear: false,
  },
];

function oneBarcode(c: Case, dpi: number, rotation = 0): TemplateInput {
  const square = !c.linear;
  // rotated elements turn about their centre: the label is square so a turned box stays on it
  return {
    name: `${c.symbology} test`,
    width_mm: 80,
    height_mm: 80,
    dpi,
    elements: [
      {
        type: 'barcode',
        x: square ? 20 : 5,
        y: square ? 20 : 25,
        width: square ? 40 : 70,
        height: square ? 40 : 30,
        rotation,
        symbology: c.symbology,
        value: c.value,
      },
    ],
  };
}

async function scanPng(c: Case, dpi: number, rotation = 0) {
  const drawing = layoutLabel(template.parse(oneBarcode(c, dpi, rotation)), {});
  const file = path.join(temp.dir, `${c.symbology}-${dpi}-${rotation}.png`);
  fs.writeFileSync(file, await renderLabelPng(drawing));
  return zbarimg(file, c.config);
}

function expectDecoded(found: ReturnType<typeof zbarimg>, c: Case) {
  expect(found).toHaveLength(1);
  expect(found[0]).toMatchObject({ type: c.type, data: c.data });
  expect(found[0]?.modifiers ?? '').toBe(c.modifiers ?? '');
}

describe('PNG at 300 dpi scans back to its data', () => {
  test.each(cases)('$symbology', async (c) => expectDecoded(await scanPng(c, 300), c));
});

describe('PNG at 203 dpi (thermal printers) scans back to its data', () => {
  test.each(cases.filter((c) => c.linear))('$symbology', async (c) => expectDecoded(await scanPng(c, 203), c));
});

describe('a barcode rotated by 90° still scans, and reads sideways', () => {
  test.each(cases)('$symbology', async (c) => {
    const found = await scanPng(c, 300, 90);
    expectDecoded(found, c);
    if (c.linear) expect(['LEFT', 'RIGHT']).toContain(found[0]?.orientation);
  });
});

describe('PDF rasterised by pdftoppm at 300 dpi scans back to its data', () => {
  test.each(cases)('$symbology', async (c) => {
    const drawing = layoutLabel(template.parse(oneBarcode(c, 300)), {});
    const dir = path.join(temp.dir, `pdf-${c.symbology}`);
    fs.mkdirSync(dir);
    const pdf = path.join(dir, 'label.pdf');
    fs.writeFileSync(pdf, await renderLabelPdf(drawing));
    const pages = pdfToPngs(pdf, 300, dir);
    expect(pages).toHaveLength(1);
    expectDecoded(zbarimg(pages[0] as string, c.config), c);
  });
});

test('an EAN-13 given with its correct check digit scans the same as one without', async () => {
  const c = cases[0] as Case;
  expectDecoded(await scanPng({ ...c, value: '4006381333931' }, 300), c);
});

test('the starter shipping label scans: QR with the product URL, GS1-128 with (01) GTIN-14, Code 128 SKU', async () => {
  const { starterTemplates } = await import('@tagwright/shared');
  const shipping = template.parse(starterTemplates[2]);
  const drawing = layoutLabel(shipping, {
    name: 'Oak chopping board',
    sku: 'OAK-Board-45',
    gtin: '4006381333931',
    url: 'https://shop.example/oak-board',
    price: '24.50',
    currency: 'EUR',
  });
  const file = path.join(temp.dir, 'shipping.png');
  fs.writeFileSync(file, await renderLabelPng(drawing));
  const found = zbarimg(file).map((d) => `${d.type}${d.modifiers ? `/${d.modifiers}` : ''}:${d.data}`);
  expect(found.sort()).toEqual(['CODE-128/GS1:0104006381333931', 'CODE-128:OAK-Board-45', 'QR-Code:https://shop.example/oak-board'].sort());
});
