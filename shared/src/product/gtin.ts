/**
 * GTINs (EAN-8, UPC-A, EAN-13, GTIN-14) as pages and spreadsheets write them: digits with spaces or
 * dashes, UPC-A without its leading zero, numbers that lost leading zeros. Normalised to 14 digits
 * for comparison, check digit validated.
 */

/** The GS1 check digit for the digits before it. */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = Number(body[body.length - 1 - i]);
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export type GtinCheck = { ok: true; gtin14: string; digits: string } | { ok: false; reason: string };

/** Reads a GTIN: strips spaces, dashes and dots; needs 8, 12, 13 or 14 digits with a valid check digit. */
export function checkGtin(input: string | number | null | undefined): GtinCheck {
  if (input === null || input === undefined) return { ok: false, reason: 'empty' };
  const digits = String(input).replace(/[\s\-.]/g, '');
  if (digits === '') return { ok: false, reason: 'empty' };
  if (!/^\d+$/.test(digits)) return { ok: false, reason: `"${input}" has characters other than digits` };
  if (![8, 12, 13, 14].includes(digits.length))
    return { ok: false, reason: `"${input}" has ${digits.length} digits; a GTIN has 8, 12, 13 or 14` };
  const body = digits.slice(0, -1);
  const expected = gtinCheckDigit(body);
  if (Number(digits.at(-1)) !== expected) return { ok: false, reason: `"${input}" has check digit ${digits.at(-1)}, expected ${expected}` };
  return { ok: true, gtin14: digits.padStart(14, '0'), digits };
}

/** SKUs compare without case, spaces, dashes, dots, slashes or underscores ("AB-12.3" = "ab 123"). */
export function normalizeSku(sku: string | null | undefined): string {
  return (sku ?? '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-._/]/g, '');
}
