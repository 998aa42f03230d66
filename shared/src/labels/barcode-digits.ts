/**
 * The digits of an EAN-13, UPC-A or ITF-14 barcode: the check digit added when left out, verified
 * when given; a bad value gets a reason that says what to give instead. Used by the template schema
 * (a fixed value is refused when the template is saved) and by the renderer (bound values).
 */
import { gtinCheckDigit } from '../product/gtin.ts';
import type { BarcodeSymbology } from '../schemas/template.ts';

const LENGTHS: Partial<Record<BarcodeSymbology, { name: string; length: number }>> = {
  ean13: { name: 'EAN-13', length: 13 },
  upca: { name: 'UPC-A', length: 12 },
  itf14: { name: 'ITF-14', length: 14 },
};

/** Whether the symbology takes a fixed number of digits with a GS1 check digit (EAN-13, UPC-A, ITF-14). */
export function hasCheckDigit(symbology: BarcodeSymbology): boolean {
  return LENGTHS[symbology] !== undefined;
}

export type BarcodeDigits = { ok: true; digits: string } | { ok: false; reason: string };

/** `value` as the full digits of `symbology` (spaces and dashes ignored); for other symbologies, ok as it is. */
export function barcodeDigits(symbology: BarcodeSymbology, value: string): BarcodeDigits {
  const spec = LENGTHS[symbology];
  if (!spec) return { ok: true, digits: value };
  const { name, length } = spec;
  const digits = value.replace(/[\s-]/g, '');
  const hint = `Give ${length - 1} digits (the check digit is added) or ${length} with a correct check digit.`;
  if (!/^\d+$/.test(digits) || (digits.length !== length && digits.length !== length - 1))
    return { ok: false, reason: `${name} needs ${length - 1} or ${length} digits; got "${value}". ${hint}` };
  const body = digits.slice(0, length - 1);
  const check = String(gtinCheckDigit(body));
  if (digits.length === length && digits[length - 1] !== check)
    return { ok: false, reason: `${name} "${value}" has check digit ${digits[length - 1]}, but it should be ${check}.` };
  return { ok: true, digits: body + check };
}
