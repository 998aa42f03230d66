/**
 * Currency markers as they appear on product pages (symbols, local abbreviations, ISO 4217 codes)
 * and what they identify. Ambiguous symbols ($, kr, ¥) name a default that a hint can override.
 */

/** ISO 4217 codes Tagwright recognises when written out (USD, EUR, …). */
export const ISO_CODES = new Set(
  (
    'AED ARS AUD BAM BGN BHD BRL BYN CAD CHF CLP CNY COP CZK DKK EGP EUR GBP GEL HKD HRK HUF IDR ILS INR ISK JOD JPY KES KRW KWD KZT ' +
    'MAD MXN MYR NGN NOK NZD OMR PEN PHP PKR PLN QAR RON RSD RUB SAR SEK SGD THB TND TRY TWD UAH USD UYU VND ZAR'
  ).split(' '),
);

/** Digits after the decimal mark; 2 unless listed. */
const MINOR_UNITS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, CLP: 0, ISK: 0, UYU: 2, KWD: 3, BHD: 3, OMR: 3, JOD: 3, TND: 3 };

export function minorUnits(currency: string | null): number {
  return currency && currency in MINOR_UNITS ? (MINOR_UNITS[currency] ?? 2) : 2;
}

export interface Marker {
  /** The ISO code it names, or null when it can't say on its own (kr, ¢…). */
  iso: string | null;
  /** True when another currency writes the same symbol (a hint may then decide). */
  ambiguous: boolean;
}

/**
 * Written markers, longest first when matched. Lower-case keys for letters (matching ignores case
 * for words, not for symbols like R$).
 */
export const MARKERS: [string, Marker][] = (
  [
    ['US$', 'USD'],
    ['U$S', 'USD'],
    ['CA$', 'CAD'],
    ['C$', 'CAD'],
    ['AU$', 'AUD'],
    ['A$', 'AUD'],
    ['NZ$', 'NZD'],
    ['HK$', 'HKD'],
    ['S$', 'SGD'],
    ['MX$', 'MXN'],
    ['R$', 'BRL'],
    ['NT$', 'TWD'],
    ['CN¥', 'CNY'],
    ['JP¥', 'JPY'],
    ['RMB', 'CNY'],
    ['元', 'CNY'],
    ['円', 'JPY'],
    ['$', 'USD', true],
    ['€', 'EUR'],
    ['£', 'GBP'],
    ['¥', 'JPY', true],
    ['₹', 'INR'],
    ['₽', 'RUB'],
    ['руб.', 'RUB'],
    ['руб', 'RUB'],
    ['р.', 'RUB'],
    ['₴', 'UAH'],
    ['грн', 'UAH'],
    ['₩', 'KRW'],
    ['₺', 'TRY'],
    ['TL', 'TRY'],
    ['₪', 'ILS'],
    ['฿', 'THB'],
    ['₫', 'VND'],
    ['₱', 'PHP'],
    ['₦', 'NGN'],
    ['zł', 'PLN'],
    ['Kč', 'CZK'],
    ['Ft', 'HUF'],
    ['lei', 'RON'],
    ['лв.', 'BGN'],
    ['лв', 'BGN'],
    ['kn', 'HRK'],
    ['SFr.', 'CHF'],
    ['Fr.', 'CHF'],
    ['CHF', 'CHF'],
    ['kr.', null, true],
    ['kr', null, true],
    ['Rp', 'IDR'],
    ['RM', 'MYR'],
  ] as [string, string | null, boolean?][]
)
  .map(([text, iso, ambiguous]): [string, Marker] => [text, { iso, ambiguous: ambiguous === true }])
  .sort((a, b) => b[0].length - a[0].length);

/** What a hint (currency text found elsewhere on the page) identifies: an ISO code, or null. */
export function currencyFromHint(hint: string | null | undefined): string | null {
  if (!hint) return null;
  const text = hint.normalize('NFKC').trim();
  const code = /\b([A-Z]{3})\b/.exec(text.toUpperCase())?.[1];
  if (code && ISO_CODES.has(code)) return code;
  for (const [marker, { iso }] of MARKERS) if (iso && text.toLowerCase().includes(marker.toLowerCase())) return iso;
  return null;
}
