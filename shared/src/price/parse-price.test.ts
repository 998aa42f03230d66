import { describe, expect, test } from 'vitest';
import { parseAmount, parsePrice } from './index.ts';

const cases: [string, string | null, string | null, string | null][] = [
  // text, hint, amount, currency
  ['$12.99', null, '12.99', 'USD'],
  ['12,99 €', null, '12.99', 'EUR'],
  ['€ 1.234,56', null, '1234.56', 'EUR'],
  ['1,234.56 USD', null, '1234.56', 'USD'],
  ['EUR 12,50', null, '12.50', 'EUR'],
  ['£1,299', null, '1299.00', 'GBP'],
  ["CHF 1'234.50", null, '1234.50', 'CHF'],
  ['CHF 1’234.50', null, '1234.50', 'CHF'],
  ['1 234,56 zł', null, '1234.56', 'PLN'],
  ['1\u00a0234,56\u00a0zł', null, '1234.56', 'PLN'],
  ['1\u202f299,00 Kč', null, '1299.00', 'CZK'],
  ['2 499 руб.', null, '2499.00', 'RUB'],
  ['1 990 ₽', null, '1990.00', 'RUB'],
  ['¥1,200', null, '1200', 'JPY'],
  ['¥1,200', 'CNY', '1200.00', 'CNY'],
  ['R$ 1.234,56', null, '1234.56', 'BRL'],
  ['₹1,23,456.00', null, '123456.00', 'INR'],
  ['12.–', 'CHF', '12.00', 'CHF'],
  ['Fr. 12.–', null, '12.00', 'CHF'],
  ['19,- €', null, '19.00', 'EUR'],
  ['12.99', null, '12.99', null],
  ['12,5', 'EUR', '12.50', 'EUR'],
  ['1.234', null, '1234', null],
  ['0,999 KWD', null, '0.999', 'KWD'],
  ['1.250 KWD', null, '1.250', 'KWD'],
  ['199 kr', null, '199.00', 'kr'],
  ['199 kr', 'SEK', '199.00', 'SEK'],
  ['C$ 24.99', null, '24.99', 'CAD'],
  ['$24.99', 'CAD', '24.99', 'CAD'],
  ['from $10', null, '10.00', 'USD'],
  ['ab 9,99 €', null, '9.99', 'EUR'],
  ['$10 - $20', null, '10.00', 'USD'],
  ['10 – 20 €', null, '10.00', 'EUR'],
  ['Was $20.00 Now $15.00', null, '15.00', 'USD'],
  ['UVP 49,99 € jetzt 39,99 €', null, '39.99', 'EUR'],
  ['statt 59,90 € 44,90 €', null, '44.90', 'EUR'],
  ['€20,00 €15,00', null, '15.00', 'EUR'],
  ['Price: 1,299.00', 'USD', '1299.00', 'USD'],
  ['Save 20% – now €79.99', null, '79.99', 'EUR'],
  ['Only 3 left! $8.49', null, '8.49', 'USD'],
  ['Pack of 6 x 500 ml — 7,49 €', null, '7.49', 'EUR'],
  ['１２３円', null, '123', 'JPY'],
  ['٣٥٠ AED', null, '350.00', 'AED'],
  ['US$ 5', null, '5.00', 'USD'],
  ['Sold out', null, null, null],
  ['SKU 12345-AB', null, null, null],
  ['', null, null, null],
];

describe('parsePrice', () => {
  test.each(cases)('%j (hint %j) → %j %j', (text, hint, amount, currency) => {
    const result = parsePrice(text, hint);
    expect({ amount: result.amount, currency: result.currency }).toEqual({ amount, currency });
  });

  test('reports the text the price was read from', () => {
    expect(parsePrice('Our price: $1,299.00 incl. VAT').text).toBe('$1,299.00');
    expect(parsePrice('1 234,56 zł brutto').text).toBe('1 234,56 zł');
  });
});

describe('parseAmount', () => {
  test.each([
    ['1.234,56', 2, '1234.56'],
    ['1,234,567', 2, '1234567'],
    ['1.234.567,8', 2, '1234567.80'],
    ['0.5', 2, '0.50'],
    ['007', 2, '7'],
    ['1,5', 0, '1.5'],
  ] as const)('%s (minor %d) → %s', (raw, minor, out) => {
    expect(parseAmount(raw, minor)).toBe(out);
  });
});
