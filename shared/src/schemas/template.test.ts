/** Template schema: elements get their defaults, and bad elements are refused. */
import { expect, test } from 'vitest';
import { template } from './template.ts';

test('a shelf tag parses with defaults filled in', () => {
  const parsed = template.parse({
    name: 'Shelf',
    width_mm: 60,
    height_mm: 40,
    elements: [
      { type: 'text', x: 3, y: 3, width: 54, height: 12, text: '{{name}}' },
      { type: 'barcode', x: 3, y: 29, width: 54, height: 9, symbology: 'ean13', value: '{{gtin}}' },
    ],
  });
  expect(parsed.dpi).toBe(300);
  expect(parsed.elements[0]).toMatchObject({ fontSize: 10, fit: 'wrap', rotation: 0 });
  expect(parsed.elements[1]).toMatchObject({ humanReadable: true });
});

test('unknown element types, symbologies and zero sizes are refused', () => {
  const base = { name: 'T', width_mm: 50, height_mm: 30 };
  expect(template.safeParse({ ...base, elements: [{ type: 'sparkles', x: 0, y: 0, width: 1, height: 1 }] }).success).toBe(false);
  expect(
    template.safeParse({ ...base, elements: [{ type: 'barcode', x: 0, y: 0, width: 1, height: 1, symbology: 'ean14', value: '1' }] })
      .success,
  ).toBe(false);
  expect(template.safeParse({ ...base, width_mm: 0 }).success).toBe(false);
});
