import { describe, expect, test } from 'vitest';
import { checkGtin, gtinCheckDigit, normalizeSku } from './gtin.ts';

describe('checkGtin', () => {
  test.each([
    ['4006381333931', '04006381333931'],
    ['400 6381 33393 1', '04006381333931'],
    ['036000291452', '00036000291452'], // UPC-A
    ['0036000291452', '00036000291452'], // the same as EAN-13
    ['96385074', '00000096385074'], // EAN-8
    ['10012345678902', '10012345678902'], // GTIN-14
  ])('%s → %s', (input, gtin14) => {
    expect(checkGtin(input)).toEqual({ ok: true, gtin14, digits: input.replace(/\s/g, '') });
  });

  test('a wrong check digit, wrong length or letters are refused with the reason', () => {
    expect(checkGtin('4006381333932')).toEqual({ ok: false, reason: '"4006381333932" has check digit 2, expected 1' });
    expect(checkGtin('12345')).toMatchObject({ ok: false, reason: expect.stringMatching(/5 digits/) });
    expect(checkGtin('40063813339X1')).toMatchObject({ ok: false, reason: expect.stringMatching(/other than digits/) });
    expect(checkGtin('')).toEqual({ ok: false, reason: 'empty' });
  });

  test('check digits', () => {
    expect(gtinCheckDigit('400638133393')).toBe(1);
    expect(gtinCheckDigit('03600029145')).toBe(2);
  });
});

test('SKUs compare without case and punctuation', () => {
  expect(normalizeSku(' AB-12.3/x ')).toBe(normalizeSku('ab 123x'));
  expect(normalizeSku('AB-123')).not.toBe(normalizeSku('AB-124'));
});
