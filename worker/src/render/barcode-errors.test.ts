/**
 * Bad barcode values and boxes give errors a template designer can act on: which element, what
 * was wrong and what to do (the right check digit, the digits needed, upper-case, a wider box).
 */
import { type BarcodeSymbology, type LabelData, template } from '@tagwright/shared';
import { describe, expect, test } from 'vitest';
import { BarcodeError, encodeBarcode } from './barcode.ts';
import { layoutLabel, RenderError } from './layout.ts';

function layoutOne(symbology: BarcodeSymbology, value: string, data: LabelData = {}, width = 50, dpi = 300) {
  const parsed = template.parse({
    name: 'errors',
    width_mm: 60,
    height_mm: 30,
    dpi,
    elements: [
      { type: 'text', x: 2, y: 2, width: 56, height: 5, text: 'Title' },
      { type: 'barcode', x: 2, y: 8, width, height: 20, symbology, value },
    ],
  });
  return () => layoutLabel(parsed, data);
}

function renderError(run: () => unknown): RenderError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RenderError);
    return error as RenderError;
  }
  throw new Error('expected a RenderError, but the label rendered');
}

describe('check digits', () => {
  test('a wrong EAN-13 check digit in the product data says which digit it should be', () => {
    // a fixed value is refused when the template is saved (shared template schema); a bound one shows here
    const error = renderError(layoutOne('ean13', '{{gtin}}', { gtin: '4006381333932' }));
    expect(error.message).toMatch(/^Element 2 \(ean13 barcode\): /);
    expect(error.message).toContain('4006381333932');
    expect(error.message).toContain('has check digit 2');
    expect(error.message).toContain('should be 1');
  });

  test('a wrong UPC-A and ITF-14 check digit also name the right one', () => {
    expect(() => encodeBarcode('upca', '036000291450')).toThrow(/should be 2\b/);
    expect(() => encodeBarcode('itf14', '15400141288760')).toThrow(/should be 3\b/);
  });

  test('a correct check digit is accepted and kept', () => {
    const symbol = encodeBarcode('ean13', '4006381333931');
    expect(symbol.data).toBe('4006381333931');
  });
});

describe('characters the symbology cannot carry', () => {
  test('letters in an EAN-13 say how many digits it takes', () => {
    const error = renderError(layoutOne('ean13', '{{gtin}}', { gtin: '40063813339A' }));
    expect(error.message).toMatch(/^Element 2 \(ean13 barcode\): EAN-13 needs 12 or 13 digits; got "40063813339A"/);
    expect(error.message).toContain('Give 12 digits');
  });

  test('too few digits in an EAN-13 are refused, not padded', () => {
    expect(() => encodeBarcode('ean13', '12345')).toThrow(BarcodeError);
    expect(() => encodeBarcode('ean13', '12345')).toThrow(/needs 12 or 13 digits/);
  });

  test('lower-case Code 39 points to the :upper format', () => {
    const error = renderError(layoutOne('code39', 'tw-123'));
    expect(error.message).toMatch(/^Element 2 \(code39 barcode\): Code 39 can't encode "tw-123"/);
    expect(error.message).toContain('{{…:upper}}');
  });

  test('lower-case Code 39 from a binding renders once :upper is used', () => {
    const drawing = layoutOne('code39', '{{sku:upper}}', { sku: 'tw-123' })();
    expect(drawing.items[1]).toMatchObject({ kind: 'barcode', symbol: { data: 'TW-123' } });
  });

  test('GS1-128 without bracketed AIs explains the AI syntax', () => {
    expect(() => encodeBarcode('gs1-128', '0109501101530003')).toThrow(/\(01\)09501101530003/);
  });
});

describe('missing values', () => {
  test('an empty binding says the element has no value and which binding was empty', () => {
    const error = renderError(layoutOne('ean13', '{{gtin}}', { name: 'No GTIN', gtin: null }));
    expect(error.message).toBe('Element 2 (ean13 barcode) has no value: {{gtin}} is empty for this product');
  });

  test('a binding of only spaces counts as empty', () => {
    const error = renderError(layoutOne('code128', '{{sku}}', { sku: '   ' }));
    expect(error.message).toContain('has no value');
  });
});

describe('boxes too small for the barcode at the printer resolution', () => {
  test('too narrow: names the width needed at that dpi and the width it has', () => {
    const value = 'A-VERY-LONG-SKU-0123456789';
    const error = renderError(layoutOne('code128', value, {}, 12, 203));
    expect(error.message).toMatch(/^Element 2 \(code128 barcode\): Code 128 for "A-VERY-LONG-SKU-0123456789" needs a box at least/);
    const needed = Number(/at least ([\d.]+) mm wide at 203 dpi \(it is 12 mm\)/.exec(error.message)?.[1]);
    expect(needed).toBeGreaterThan(12);
    // and a box that wide really fits
    expect(() => layoutOne('code128', value, {}, needed, 203)()).not.toThrow();
    expect(error.message).toContain('widen the element or raise the dpi');
  });

  test('the same box that is too narrow at 203 dpi may fit at 600 dpi (modules are whole dots)', () => {
    const value = 'SKU-0123456789';
    const narrow = renderError(layoutOne('code128', value, {}, 14, 203));
    expect(narrow.message).toContain('at 203 dpi');
    expect(() => layoutOne('code128', value, {}, 14, 600)()).not.toThrow();
  });
});
