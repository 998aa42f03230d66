/**
 * Decides, field by field, whether the page agrees with the spreadsheet: price equal to the cent
 * (and the same currency when both say one), name by token similarity, SKU and GTIN exact after
 * normalisation (a page GTIN with a wrong check digit is a mismatch). One row per field for `matches`.
 */
import { checkGtin, minorUnits, nameSimilarity, normalizeSku } from '@tagwright/shared';
import type { Candidate, Extraction } from '../extract/types.ts';

export type Verdict = 'match' | 'mismatch' | 'missing';

export interface ProductFacts {
  sku: string;
  name: string;
  /** Exact decimal as Postgres gives it ("12.9900"), or null when the spreadsheet has none. */
  price: string | null;
  currency: string | null;
  gtin: string | null;
}

export interface FieldMatch {
  field: 'name' | 'price' | 'currency' | 'sku' | 'gtin' | 'availability';
  expected: string | null;
  found: string | null;
  score: number | null;
  verdict: Verdict;
  source: Candidate['source'] | null;
  evidence: Record<string, unknown>;
}

/** Names at or above this similarity are the same product. */
export const NAME_MATCH_THRESHOLD = 0.8;

/** "12.9900" → 1299n in minor units (cents), or null. */
export function toMinorUnits(amount: string, digits: number): bigint | null {
  const match = /^(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!match) return null;
  const [, whole = '0', fraction = ''] = match;
  // Round half up at the currency's precision, as a till would.
  const kept = fraction.slice(0, digits).padEnd(digits, '0');
  const next = Number(fraction[digits] ?? '0');
  return BigInt(whole + kept) + (next >= 5 ? 1n : 0n);
}

function row(
  field: FieldMatch['field'],
  expected: string | null,
  candidate: Candidate | null,
  verdict: Verdict,
  score: number | null,
  extra: Record<string, unknown> = {},
): FieldMatch {
  return {
    field,
    expected,
    found: candidate?.value ?? null,
    score,
    verdict,
    source: candidate?.source ?? null,
    evidence: { ...(candidate?.evidence ?? {}), ...extra },
  };
}

export interface MatchOptions {
  /** Relative price difference still counted as a match (0.005 = 0.5 %); 0 means equal to the cent. */
  priceTolerance?: number;
}

export function matchProduct(product: ProductFacts, found: Extraction, options: MatchOptions = {}): FieldMatch[] {
  const rows: FieldMatch[] = [];

  const name = found.name;
  if (!name) rows.push(row('name', product.name, null, 'missing', null));
  else {
    const score = nameSimilarity(product.name, name.value);
    rows.push(row('name', product.name, name, score >= NAME_MATCH_THRESHOLD ? 'match' : 'mismatch', score));
  }

  const price = found.price;
  if (product.price !== null) {
    if (!price) rows.push(row('price', product.price, null, 'missing', null));
    else {
      const digits = minorUnits(product.currency ?? price.price.currency);
      const expected = toMinorUnits(product.price, digits);
      const actual = toMinorUnits(price.price.amount, digits);
      const tolerance = options.priceTolerance ?? 0;
      const same =
        expected !== null &&
        actual !== null &&
        (expected === actual || (tolerance > 0 && Math.abs(Number(actual - expected)) <= tolerance * Number(expected)));
      rows.push(row('price', product.price, price, same ? 'match' : 'mismatch', same ? 1 : 0, { text: price.price.text }));
    }
  }
  if (product.currency !== null) {
    const currency = price?.price.currency ?? null;
    // A bare "$" or "kr" can't contradict the spreadsheet: only an ISO code can.
    const iso = currency && /^[A-Z]{3}$/.test(currency) ? currency : null;
    const verdict: Verdict = !price || !currency ? 'missing' : !iso ? 'match' : iso === product.currency ? 'match' : 'mismatch';
    rows.push({
      ...row('currency', product.currency, price, verdict, verdict === 'match' ? 1 : verdict === 'mismatch' ? 0 : null),
      found: currency,
    });
  }

  const sku = found.sku;
  if (!sku) rows.push(row('sku', product.sku, null, 'missing', null));
  else {
    const same = normalizeSku(sku.value) === normalizeSku(product.sku);
    rows.push(row('sku', product.sku, sku, same ? 'match' : 'mismatch', same ? 1 : 0));
  }

  if (product.gtin !== null) {
    const gtin = found.gtin;
    if (!gtin) rows.push(row('gtin', product.gtin, null, 'missing', null));
    else {
      const page = checkGtin(gtin.value);
      const sheet = checkGtin(product.gtin);
      const same = page.ok && sheet.ok && page.gtin14 === sheet.gtin14;
      const why = !page.ok ? { problem: `page GTIN: ${page.reason}` } : !sheet.ok ? { problem: `spreadsheet GTIN: ${sheet.reason}` } : {};
      rows.push(row('gtin', product.gtin, gtin, same ? 'match' : 'mismatch', same ? 1 : 0, why));
    }
  }

  const availability = found.availability;
  // The spreadsheet has no stock column: an out-of-stock page is flagged so its label isn't printed unseen.
  rows.push(
    row('availability', null, availability, !availability ? 'missing' : availability.value === 'InStock' ? 'match' : 'mismatch', null),
  );
  return rows;
}
