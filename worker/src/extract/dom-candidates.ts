/**
 * Candidates from what the page shows: the main heading and title for the name; price-looking
 * elements (struck-through and "old" ones left out, the most prominent believed most); label/value
 * pairs for SKU and GTIN; stock texts. Used when structured data is missing or to back it up.
 */
import { parsePrice } from '@tagwright/shared';
import type { PageFacts } from './page-facts.ts';
import type { Candidate } from './types.ts';

const GTIN_LABEL = /ean|gtin|upc|jan|barcode|isbn/i;
const OUT_OF_STOCK =
  /out of stock|sold out|unavailable|ausverkauft|nicht (?:verfügbar|lieferbar)|rupture de stock|épuisé|agotado|esaurito|niedostępny|vyprodáno/i;
const IN_STOCK = /in stock|available|auf lager|lieferbar|en stock|disponible|disponibile|dostępny|skladem/i;

/** "Oat Milk 1L | Green Grocer" → "Oat Milk 1L": the title's longest part, shop names are short. */
export function titleName(title: string): string {
  const parts = title
    .split(/\s+[|–—·]\s+|\s+-\s+/)
    .map((p) => p.trim())
    .filter(Boolean);
  return parts.sort((a, b) => b.length - a.length)[0] ?? title.trim();
}

export function fromDom(facts: PageFacts): Candidate[] {
  const found: Candidate[] = [];
  const h1 = facts.headings.find((h) => h.selector.includes('h1') || h.text.length > 0);
  if (h1?.text)
    found.push({ field: 'name', value: h1.text, source: 'dom', confidence: 0.75, evidence: { selector: h1.selector, box: h1.box } });
  if (facts.title)
    found.push({ field: 'name', value: titleName(facts.title), source: 'dom', confidence: 0.55, evidence: { selector: 'title' } });

  const current = facts.prices.filter((p) => !p.old);
  const largest = Math.max(1, ...current.map((p) => p.fontSize));
  const fold = facts.viewport.height * 1.5;
  for (const p of current) {
    const parsed = parsePrice(p.text, p.currencyNearby);
    if (!parsed.amount) continue;
    // Prominence: the biggest price near the top, classed as a price, with a currency, is the one shoppers read.
    const confidence =
      0.45 + 0.2 * (p.fontSize / largest) + (p.labelled ? 0.1 : 0) + (p.box.y < fold ? 0.05 : 0) + (parsed.currency ? 0.05 : 0);
    found.push({
      field: 'price',
      value: parsed.amount,
      currency: parsed.currency,
      source: 'dom',
      confidence: Math.min(0.85, Math.round(confidence * 100) / 100),
      evidence: { selector: p.selector, box: p.box, text: parsed.text ?? p.text },
    });
  }

  for (const pair of facts.labelled) {
    const isGtin = GTIN_LABEL.test(pair.label);
    const value = isGtin ? pair.value.replace(/[\s-]/g, '') : pair.value;
    if (isGtin && !/^\d{8,14}$/.test(value)) continue;
    found.push({
      field: isGtin ? 'gtin' : 'sku',
      value,
      source: 'dom',
      confidence: 0.75,
      evidence: { selector: pair.selector, text: `${pair.label}: ${pair.value}` },
    });
  }

  for (const s of facts.stockTexts) {
    const out = OUT_OF_STOCK.test(s.text);
    if (!out && !IN_STOCK.test(s.text)) continue;
    found.push({
      field: 'availability',
      value: out ? 'OutOfStock' : 'InStock',
      source: 'dom',
      confidence: out ? 0.7 : 0.6,
      evidence: { selector: s.selector, text: s.text },
    });
  }
  return found;
}
