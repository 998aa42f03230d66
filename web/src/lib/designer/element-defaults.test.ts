import { template } from '@tagwright/shared';
import { expect, test } from 'vitest';
import { defaultBarcodeValue, describeElement, newElement } from './element-defaults.ts';

test('every new element is valid for the shared schema and sits on the label', () => {
  for (const type of ['text', 'barcode', 'image', 'box', 'line'] as const) {
    const element = newElement(type, 50, 25, { src: 'data:image/png;base64,AAAA' });
    const parsed = template.safeParse({ name: 't', width_mm: 50, height_mm: 25, elements: [element] });
    expect(parsed.success, `${type}: ${parsed.error?.message}`).toBe(true);
    expect(element.x + element.width).toBeLessThanOrEqual(50);
    expect(element.y + element.height).toBeLessThanOrEqual(25);
  }
});

test('new elements shrink to fit a tiny label', () => {
  const text = newElement('text', 20, 5);
  expect(text.width).toBeLessThanOrEqual(16);
  expect(text.height).toBeLessThanOrEqual(4);
});

test('barcode values follow the symbology', () => {
  expect(defaultBarcodeValue('ean13')).toBe('{{gtin}}');
  expect(defaultBarcodeValue('qr')).toBe('{{url}}');
  expect(defaultBarcodeValue('gs1-128')).toBe('(01){{gtin14}}');
  expect(defaultBarcodeValue('code39')).toBe('{{sku}}');
});

test('elements are described for lists and screen readers', () => {
  expect(describeElement(newElement('text', 50, 25), 0)).toBe('1. Text “{{name}}”');
  expect(describeElement(newElement('barcode', 50, 25), 2)).toBe('3. Barcode EAN13 {{gtin}}');
});
