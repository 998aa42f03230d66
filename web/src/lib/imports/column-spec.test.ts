import { expect, test } from 'vitest';
import { carryMapping, columnSpec } from './column-spec.ts';

test('only fields moved away from the suggestion go into the spec', () => {
  expect(columnSpec({ sku: 'A', price: 'D', name: 'B' }, { sku: 'A', price: 'C', name: 'B' })).toBe('price=D');
  expect(columnSpec({ sku: 'A' }, { sku: 'A' })).toBe('');
  expect(columnSpec({ gtin: 'E', url: '' }, {})).toBe('gtin=E');
});

test('a bad column letter never reaches the spec', () => {
  expect(columnSpec({ sku: 'A,price=B' }, {})).toBe('');
});

test('re-import keeps the old mapping where the new file still has the column', () => {
  expect(carryMapping({ sku: 'B', price: 'Z' }, { sku: 'A', price: 'C' }, ['A', 'B', 'C'])).toEqual({ sku: 'B', price: 'C' });
});
