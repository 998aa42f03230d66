import { expect, test } from 'vitest';
import { labelValues, trimDecimals } from './label-values.ts';

test('prices show the decimals they really have, at least two', () => {
  expect(trimDecimals('4.4900')).toBe('4.49');
  expect(trimDecimals('1200.0000')).toBe('1200.00');
  expect(trimDecimals('0.1250')).toBe('0.125');
  expect(trimDecimals('12')).toBe('12');
});

test('printed values: known fields first, then attributes; empty ones left out', () => {
  expect(labelValues({ sku: 'A', name: '', price: '2.5000', attributes: { Color: 'red', Size: null } })).toEqual([
    { field: 'sku', label: 'SKU', value: 'A' },
    { field: 'price', label: 'Price', value: '2.50' },
    { field: 'Color', label: 'Color', value: 'red' },
  ]);
});
