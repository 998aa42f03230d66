/**
 * {{bindings}} as a shopper reads them on the label: prices in the template's locale and the
 * product's currency (de-DE "12,90 €", en-US "$12.90", yen without decimals), formats (:amount,
 * :symbol, :upper, :date), GTIN-14 padding, spreadsheet columns; missing values reported, and an
 * unknown format refused with the list of known ones.
 */
import { describe, expect, test } from 'vitest';
import { bindingFormats, bindText, type LabelData } from './bind.ts';

const NBSP = '\u00a0';
const coffee: LabelData = {
  name: 'Kaffee Bohnen',
  price: '12.90',
  currency: 'EUR',
  sku: 'cof-dr-1kg',
  gtin: '4006381333931',
  url: 'https://shop.example/p/coffee',
  attributes: { Color: 'Dunkelbraun', 'Origin country': 'Peru', weight_g: 1000 },
  today: new Date('2026-11-26T00:00:00Z'),
};

const bind = (text: string, data: LabelData = coffee, locale?: string) => bindText(text, data, locale);

describe('prices', () => {
  test('de-DE euro: comma decimals, symbol after', () => {
    expect(bind('{{price}}', coffee, 'de-DE').text).toBe(`12,90${NBSP}€`);
  });

  test('en-US dollars: symbol first, point decimals', () => {
    expect(bind('{{price}}', { ...coffee, currency: 'USD' }, 'en-US').text).toBe('$12.90');
  });

  test('a price given with one decimal still shows cents', () => {
    expect(bind('{{price}}', { ...coffee, price: '12.9', currency: 'USD' }, 'en-US').text).toBe('$12.90');
  });

  test('thousands are grouped the locale’s way', () => {
    expect(bind('{{price}}', { ...coffee, price: '1234.50' }, 'de-DE').text).toBe(`1.234,50${NBSP}€`);
    expect(bind('{{price}}', { ...coffee, price: '1234.50', currency: 'GBP' }, 'en-GB').text).toBe('£1,234.50');
  });

  test('yen has no decimals', () => {
    expect(bind('{{price}}', { ...coffee, price: '1200', currency: 'JPY' }, 'ja-JP').text).toBe('￥1,200');
    expect(bind('{{price}}', { ...coffee, price: '1200', currency: 'JPY' }, 'en-US').text).toBe('¥1,200');
  });

  test('yen as the products table returns it ("1200.0000") still prints without decimals', () => {
    expect(bind('{{price}}', { ...coffee, price: '1200.0000', currency: 'JPY' }, 'en-US').text).toBe('¥1,200');
  });

  test('a price as the products table returns it (numeric(14, 4) → "12.9000") prints with the currency’s decimals', () => {
    // label-rows selects p.price::text, and a numeric(14, 4) column always has four decimals
    expect(bind('{{price}}', { ...coffee, price: '12.9000' }, 'de-DE').text).toBe(`12,90${NBSP}€`);
    expect(bind('{{price:amount}}', { ...coffee, price: '12.9000', currency: 'USD' }, 'en-US').text).toBe('12.90');
  });

  test(':amount is the number alone, in the locale', () => {
    expect(bind('{{price:amount}}', coffee, 'de-DE').text).toBe('12,90');
    expect(bind('{{price:amount}}', { ...coffee, price: '1234.5' }, 'en-US').text).toBe('1,234.50');
  });

  test('currency code and symbol', () => {
    expect(bind('{{currency}} {{currency:symbol}}', coffee, 'de-DE').text).toBe('EUR €');
    expect(bind('{{currency:symbol}}', { ...coffee, currency: 'USD' }, 'en-US').text).toBe('$');
  });

  test('a price that is not a number is printed as given, not as NaN', () => {
    expect(bind('{{price}}', { ...coffee, price: 'on request' }, 'de-DE').text).toBe('on request');
  });

  test('an unknown currency code prints amount and code rather than failing the label', () => {
    expect(bind('{{price}}', { ...coffee, currency: 'EURO' }, 'de-DE').text).toBe('12.90 EURO');
  });

  test('a zero price is a price, not a missing value', () => {
    const bound = bind('{{price}}', { ...coffee, price: '0', currency: 'GBP' }, 'en-GB');
    expect(bound).toEqual({ text: '£0.00', missing: [] });
  });
});

describe('other fields and formats', () => {
  test(':upper and :lower', () => {
    expect(bind('SKU {{sku:upper}}').text).toBe('SKU COF-DR-1KG');
    expect(bind('{{name:lower}}').text).toBe('kaffee bohnen');
  });

  test('{{today:date}} in the template’s locale', () => {
    expect(bind('{{today:date}}', coffee, 'en-GB').text).toBe('26 Nov 2026');
    expect(bind('{{today:date}}', coffee, 'de-DE').text).toBe('26.11.2026');
    expect(bind('{{today:date}}', coffee, 'en-US').text).toBe('Nov 26, 2026');
  });

  test('{{gtin14}} pads a GTIN-13 with a leading zero', () => {
    expect(bind('(01){{gtin14}}').text).toBe('(01)04006381333931');
  });

  test('spreadsheet columns by name, exact or any case, numbers printed', () => {
    expect(bind('{{Color}} / {{color}} / {{weight_g}} g').text).toBe('Dunkelbraun / Dunkelbraun / 1000 g');
  });

  test('a column whose header has a space ("Origin country", kept as-is by the import) can be bound', () => {
    const bound = bind('Origin: {{Origin country}}');
    expect(bound.text).toBe('Origin: Peru');
    expect(bound.missing).toEqual([]);
  });

  test('spaces inside the braces are allowed', () => {
    expect(bind('{{ sku : upper }}').text).toBe('COF-DR-1KG');
  });

  test('text without bindings comes back unchanged', () => {
    expect(bind('Fresh {today} {{ }} }}{{')).toEqual({ text: 'Fresh {today} {{ }} }}{{', missing: [] });
  });
});

describe('missing values', () => {
  test('empty and absent fields print nothing and are reported by name', () => {
    const bound = bind('{{name}} {{gtin}} {{Size}} {{price}}', { name: 'Tea', gtin: null, price: '' });
    expect(bound.text).toBe('Tea   ');
    expect(bound.missing).toEqual(['gtin', 'Size', 'price']);
  });

  test('nothing is missing when every binding has a value', () => {
    expect(bind('{{name}} {{price}} {{sku}} {{gtin}} {{url}} {{Color}}').missing).toEqual([]);
  });

  test('{{gtin14}} without a GTIN is missing', () => {
    expect(bind('{{gtin14}}', { name: 'x' }).missing).toEqual(['gtin14']);
  });
});

describe('unknown formats', () => {
  test('throw, naming the binding and listing the formats there are', () => {
    expect(() => bind('{{name:bold}}')).toThrow('Unknown format "bold" in {{name:bold}}; use one of: amount, symbol, upper, lower, date.');
  });

  test('the list in the message is the list bindText accepts', () => {
    for (const format of bindingFormats) expect(() => bind(`{{name:${format}}}`)).not.toThrow();
  });
});
