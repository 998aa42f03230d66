import { describe, expect, test } from 'vitest';
import type { Candidate, Extraction } from '../extract/types.ts';
import { matchProduct, type ProductFacts, toMinorUnits } from './match-product.ts';

const product: ProductFacts = { sku: 'OAT-1L', name: 'Organic Oat Milk 1L', price: '2.4900', currency: 'EUR', gtin: '4006381333931' };
const seen = (field: Candidate['field'], value: string, source: Candidate['source'] = 'jsonld'): Candidate => ({
  field,
  value,
  source,
  confidence: 0.9,
  evidence: { path: `$.${field}` },
});
function page(overrides: Partial<Extraction> = {}): Extraction {
  return {
    name: seen('name', 'Oatly Organic Oat Milk 1 l'),
    price: { ...seen('price', '2.49'), price: { amount: '2.49', currency: 'EUR', text: '2,49 €' } },
    sku: seen('sku', 'oat-1l'),
    gtin: seen('gtin', '4006381333931'),
    availability: seen('availability', 'InStock'),
    candidates: [],
    ...overrides,
  };
}
const verdicts = (rows: ReturnType<typeof matchProduct>) => Object.fromEntries(rows.map((r) => [r.field, r.verdict]));

test('a page that agrees on everything matches every field, with source and evidence', () => {
  const rows = matchProduct(product, page());
  expect(verdicts(rows)).toEqual({ name: 'match', price: 'match', currency: 'match', sku: 'match', gtin: 'match', availability: 'match' });
  expect(rows.find((r) => r.field === 'price')).toMatchObject({
    expected: '2.4900',
    found: '2.49',
    score: 1,
    source: 'jsonld',
    evidence: { path: '$.price', text: '2,49 €' },
  });
});

describe('mismatches a user must see', () => {
  test('price off by a cent, another currency, another product, wrong SKU, GTIN with a bad check digit, out of stock', () => {
    const rows = matchProduct(
      product,
      page({
        name: seen('name', 'Barista Soy Drink'),
        price: { ...seen('price', '2.48'), price: { amount: '2.48', currency: 'USD', text: '$2.48' } },
        sku: seen('sku', 'OAT-2L'),
        gtin: seen('gtin', '4006381333932'),
        availability: seen('availability', 'OutOfStock'),
      }),
    );
    expect(verdicts(rows)).toEqual({
      name: 'mismatch',
      price: 'mismatch',
      currency: 'mismatch',
      sku: 'mismatch',
      gtin: 'mismatch',
      availability: 'mismatch',
    });
    expect(rows.find((r) => r.field === 'gtin')?.evidence.problem).toMatch(/check digit 2, expected 1/);
  });

  test('nothing found is missing, not mismatch', () => {
    const rows = matchProduct(product, page({ name: null, price: null, sku: null, gtin: null, availability: null }));
    expect(verdicts(rows)).toEqual({
      name: 'missing',
      price: 'missing',
      currency: 'missing',
      sku: 'missing',
      gtin: 'missing',
      availability: 'missing',
    });
  });
});

test('equal to the cent after normalisation; UPC-A equals its EAN-13; a bare $ does not contradict USD', () => {
  const usd: ProductFacts = { sku: 'X', name: 'Thing', price: '1234.5', currency: 'USD', gtin: '036000291452' };
  const rows = matchProduct(
    usd,
    page({
      name: seen('name', 'Thing'),
      price: { ...seen('price', '1234.50'), price: { amount: '1234.50', currency: '$', text: '$1,234.50' } },
      sku: seen('sku', 'x'),
      gtin: seen('gtin', '0036000291452'),
    }),
  );
  expect(verdicts(rows)).toMatchObject({ price: 'match', currency: 'match', gtin: 'match' });
  expect(toMinorUnits('12.995', 2)).toBe(1300n);
  expect(toMinorUnits('1200', 0)).toBe(1200n);
});

test('fields the spreadsheet leaves empty are not judged', () => {
  const rows = matchProduct({ ...product, price: null, currency: null, gtin: null }, page());
  expect(rows.map((r) => r.field).sort()).toEqual(['availability', 'name', 'sku']);
});

test('a price tolerance lets a small difference through, not a large one', () => {
  const at = (amount: string) => ({ ...page(), price: { ...seen('price', amount), price: { amount, currency: 'EUR', text: amount } } });
  const verdict = (amount: string, tolerance: number) =>
    matchProduct(product, at(amount), { priceTolerance: tolerance }).find((r) => r.field === 'price')?.verdict;
  expect(verdict('2.50', 0)).toBe('mismatch');
  expect(verdict('2.50', 0.005)).toBe('match');
  expect(verdict('2.60', 0.005)).toBe('mismatch');
});
