/**
 * One decision per field from all candidates: the most believed one, with a small boost when
 * independent sources agree on the value. Every candidate stays in the result so a user can see
 * what else the page said.
 */
import type { Candidate, Extraction, Field } from './types.ts';

const sameValue = (field: Field, a: Candidate, b: Candidate) =>
  field === 'name'
    ? a.value.toLowerCase() === b.value.toLowerCase()
    : field === 'gtin'
      ? a.value.replace(/^0+/, '') === b.value.replace(/^0+/, '')
      : a.value === b.value;

function best(field: Field, candidates: Candidate[]): Candidate | null {
  const own = candidates.filter((c) => c.field === field);
  let winner: Candidate | null = null;
  let top = -1;
  for (const c of own) {
    const agreeing = new Set(own.filter((o) => o !== c && o.source !== c.source && sameValue(field, o, c)).map((o) => o.source)).size;
    const score = Math.min(1, c.confidence + 0.05 * agreeing);
    if (score > top) {
      top = score;
      winner = { ...c, confidence: Math.round(score * 100) / 100 };
    }
  }
  return winner;
}

export function decide(candidates: Candidate[]): Extraction {
  const price = best('price', candidates);
  return {
    name: best('name', candidates),
    price: price
      ? { ...price, price: { amount: price.value, currency: price.currency ?? null, text: price.evidence.text ?? price.value } }
      : null,
    sku: best('sku', candidates),
    gtin: best('gtin', candidates),
    availability: best('availability', candidates),
    candidates,
  };
}
