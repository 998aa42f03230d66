/**
 * A label's PDF page is exactly the template's physical size (pdfinfo, within 0.1 mm): for each
 * starter template, an odd size, and every page of the combined one-label-per-page PDF.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type LabelData, starterTemplates, type TemplateInput, template } from '@tagwright/shared';
import { afterAll, describe, expect, test } from 'vitest';
import { layoutLabel } from './layout.ts';
import { renderLabelPdf } from './pdf.ts';
import { writeLabelsPdf } from './sheet.ts';
import { makeTempDir, pdfPageSizes } from './testdata/raster.ts';

const temp = makeTempDir('pdf-size');
afterAll(() => temp.remove());

const product: LabelData = {
  name: 'Oak chopping board, large',
  price: '24.50',
  currency: 'EUR',
  sku: 'OAK-45',
  gtin: '4006381333931',
  url: 'https://shop.example/oak',
  today: new Date('2026-11-26T00:00:00Z'),
};

const odd: TemplateInput = {
  name: 'Odd size',
  width_mm: 37.5,
  height_mm: 12.3,
  elements: [{ type: 'text', x: 1, y: 1, width: 35.5, height: 10.3, text: '{{name}}', fit: 'shrink' }],
};

async function pageSizes(input: TemplateInput, file: string) {
  const pdf = path.join(temp.dir, file);
  fs.writeFileSync(pdf, await renderLabelPdf(layoutLabel(template.parse(input), product)));
  return pdfPageSizes(pdf);
}

describe('a single label PDF is one page of the template size', () => {
  test.each([...starterTemplates, odd].map((t) => [t.name, t] as const))('%s', async (_name, input) => {
    const pages = await pageSizes(input, `${input.name.replace(/\W+/g, '-')}.pdf`);
    expect(pages).toHaveLength(1);
    expect(Math.abs((pages[0]?.width_mm ?? 0) - input.width_mm)).toBeLessThanOrEqual(0.1);
    expect(Math.abs((pages[0]?.height_mm ?? 0) - input.height_mm)).toBeLessThanOrEqual(0.1);
  });

  test('a landscape template stays landscape (width and height not swapped)', async () => {
    const [page] = await pageSizes(odd, 'landscape.pdf');
    expect(page?.width_mm).toBeGreaterThan(page?.height_mm ?? Infinity);
  });
});

test('the combined PDF has one page per label, each of that label’s own size', async () => {
  const templates = [...starterTemplates, odd].map((t) => template.parse(t));
  const pdf = path.join(temp.dir, 'combined.pdf');
  const result = await writeLabelsPdf(
    templates.map((t) => layoutLabel(t, product)),
    fs.createWriteStream(pdf),
  );
  expect(result.pages).toBe(templates.length);
  const pages = pdfPageSizes(pdf);
  expect(pages).toHaveLength(templates.length);
  pages.forEach((page, i) => {
    expect(Math.abs(page.width_mm - (templates[i]?.width_mm ?? 0))).toBeLessThanOrEqual(0.1);
    expect(Math.abs(page.height_mm - (templates[i]?.height_mm ?? 0))).toBeLessThanOrEqual(0.1);
  });
});

test('a combined PDF with no labels is refused with a message', async () => {
  const pdf = path.join(temp.dir, 'empty.pdf');
  await expect(writeLabelsPdf([], fs.createWriteStream(pdf))).rejects.toThrow('There are no labels to put in a PDF.');
});
