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

test('a fixed EAN-13, UPC-A or ITF-14 value is checked when the template is saved; bindings wait for the product', () => {
  const withBarcode = (symbology: string, value: string) =>
    template.safeParse({
      name: 'T',
      width_mm: 50,
      height_mm: 30,
      elements: [{ type: 'barcode', x: 0, y: 0, width: 40, height: 10, symbology, value }],
    });
  const problem = (symbology: string, value: string) => {
    const parsed = withBarcode(symbology, value);
    return parsed.success ? null : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
  };
  expect(problem('ean13', '4006381333932')).toBe('elements.0.value: EAN-13 "4006381333932" has check digit 2, but it should be 1.');
  expect(problem('upca', '03600029145')).toBeNull(); // 11 digits: the check digit is added
  expect(problem('itf14', '1234')).toMatch(/^elements\.0\.value: ITF-14 needs 13 or 14 digits; got "1234"\. Give 13 digits/);
  expect(problem('ean13', '4006381333931')).toBeNull();
  expect(problem('ean13', '{{gtin}}')).toBeNull();
  expect(problem('code128', 'anything goes')).toBeNull();
});
