/** Starter templates a new workspace gets: a shelf price tag, a product sticker and a shipping-style label. */
import type { TemplateInput } from '../schemas/template.ts';

export const starterTemplates: readonly TemplateInput[] = [
  {
    name: 'Shelf price tag',
    width_mm: 63.5,
    height_mm: 38.1,
    dpi: 300,
    stock: 'avery-l7160',
    elements: [
      { type: 'text', x: 3, y: 2.5, width: 57.5, height: 10, text: '{{name}}', fontSize: 10, fontWeight: 'bold', fit: 'wrap' },
      { type: 'text', x: 3, y: 13, width: 27, height: 11, text: '{{price}}', fontSize: 26, fontWeight: 'bold', fit: 'shrink' },
      { type: 'text', x: 3, y: 24.5, width: 27, height: 4, text: 'SKU {{sku}}', fontSize: 7, font: 'DejaVu Sans Mono', fit: 'shrink' },
      { type: 'barcode', x: 31, y: 13, width: 31, height: 22, symbology: 'ean13', value: '{{gtin}}' },
      { type: 'line', x: 3, y: 30, width: 26, height: 0, stroke: 0.2 },
      { type: 'text', x: 3, y: 31, width: 26, height: 4, text: 'Printed {{today:date}}', fontSize: 6, fit: 'shrink', color: '#444444' },
    ],
  },
  {
    name: 'Product sticker',
    width_mm: 50,
    height_mm: 25,
    dpi: 300,
    stock: 'roll-50x25',
    elements: [
      { type: 'text', x: 2, y: 1.5, width: 46, height: 7, text: '{{name}}', fontSize: 8, fontWeight: 'bold', fit: 'wrap' },
      { type: 'barcode', x: 2, y: 9, width: 32, height: 14.5, symbology: 'code128', value: '{{sku}}' },
      {
        type: 'text',
        x: 34,
        y: 10,
        width: 14,
        height: 13,
        text: '{{price}}',
        fontSize: 11,
        fontWeight: 'bold',
        align: 'right',
        verticalAlign: 'middle',
        fit: 'shrink',
      },
    ],
  },
  {
    name: 'Shipping-style label',
    width_mm: 101.6,
    height_mm: 152.4,
    dpi: 203,
    stock: 'roll-4x6in',
    elements: [
      { type: 'box', x: 2, y: 2, width: 97.6, height: 148.4, stroke: 0.5 },
      { type: 'text', x: 6, y: 6, width: 89.6, height: 22, text: '{{name}}', fontSize: 18, fontWeight: 'bold', fit: 'wrap' },
      { type: 'line', x: 2, y: 31, width: 97.6, height: 0, stroke: 0.5 },
      { type: 'text', x: 6, y: 35, width: 55, height: 8, text: 'SKU {{sku}}', fontSize: 14, font: 'DejaVu Sans Mono', fit: 'shrink' },
      { type: 'text', x: 6, y: 45, width: 55, height: 14, text: '{{price}}', fontSize: 30, fontWeight: 'bold', fit: 'shrink' },
      { type: 'barcode', x: 64, y: 34, width: 32, height: 32, symbology: 'qr', value: '{{url}}', humanReadable: false },
      { type: 'line', x: 2, y: 70, width: 97.6, height: 0, stroke: 0.5 },
      { type: 'barcode', x: 6, y: 76, width: 89.6, height: 32, symbology: 'gs1-128', value: '(01){{gtin14}}' },
      { type: 'barcode', x: 6, y: 116, width: 89.6, height: 28, symbology: 'code128', value: '{{sku}}' },
    ],
  },
];
