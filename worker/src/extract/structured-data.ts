/**
 * Candidates from a page's structured data: JSON-LD (schema.org Product / Offer / AggregateOffer,
 * inside @graph, arrays or ProductGroup variants), microdata, and meta tags (Open Graph product
 * tags, product:price:*, og:title). These are what shops publish for search engines, so they are
 * believed most; a broken JSON-LD block is skipped, never fatal.
 */
import { parsePrice } from '@tagwright/shared';
import type { PageFacts } from './page-facts.ts';
import type { Availability, Candidate, Field } from './types.ts';

type Json = unknown;
const CONFIDENCE = { jsonld: 0.95, microdata: 0.9, meta: 0.8 } as const;

function asArray(value: Json): Json[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}
function str(value: Json): string | null {
  if (typeof value === 'string') return value.trim() || null;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object' && '@value' in value) return str((value as { '@value': Json })['@value']);
  return null;
}
function typesOf(node: Record<string, Json>): string[] {
  return asArray(node['@type']).map((t) => String(t).replace(/^https?:\/\/schema\.org\//, ''));
}

/** schema.org availability URLs and words → InStock / OutOfStock. */
export function availabilityOf(value: string | null): Availability | null {
  if (!value) return null;
  const v = value.replace(/^https?:\/\/schema\.org\//i, '').toLowerCase();
  if (/^(instock|instoreonly|onlineonly|limitedavailability|presale|preorder|backorder)$/.test(v)) return 'InStock';
  if (/^(outofstock|soldout|discontinued)$/.test(v)) return 'OutOfStock';
  return null;
}

/** Every node of the JSON-LD blocks, depth first (objects only). */
function* nodes(value: Json, depth = 0): Generator<Record<string, Json>> {
  if (depth > 8) return;
  for (const item of asArray(value)) {
    if (!item || typeof item !== 'object') continue;
    const node = item as Record<string, Json>;
    yield node;
    for (const [key, child] of Object.entries(node)) if (key !== '@context' && typeof child === 'object') yield* nodes(child, depth + 1);
  }
}

function offerCandidates(offers: Json, path: string, source: 'jsonld', push: (c: Candidate) => void): void {
  asArray(offers).forEach((offer, i) => {
    if (!offer || typeof offer !== 'object') return;
    const o = offer as Record<string, Json>;
    const spec = asArray(o.priceSpecification)[0] as Record<string, Json> | undefined;
    const amount = str(o.price) ?? str(o.lowPrice) ?? str(spec?.price);
    const currency = str(o.priceCurrency) ?? str(spec?.priceCurrency);
    if (amount) {
      const parsed = parsePrice(currency ? `${amount} ${currency}` : amount, currency);
      if (parsed.amount)
        push({
          field: 'price',
          value: parsed.amount,
          currency: parsed.currency ?? currency,
          source,
          confidence: CONFIDENCE[source],
          evidence: { path: `${path}.offers[${i}].price`, text: amount },
        });
    }
    const availability = availabilityOf(str(o.availability));
    if (availability)
      push({
        field: 'availability',
        value: availability,
        source,
        confidence: CONFIDENCE[source],
        evidence: { path: `${path}.offers[${i}].availability` },
      });
    const sku = str(o.sku);
    if (sku)
      push({ field: 'sku', value: sku, source, confidence: CONFIDENCE[source] - 0.05, evidence: { path: `${path}.offers[${i}].sku` } });
  });
}

const GTIN_KEYS = ['gtin13', 'gtin', 'gtin12', 'gtin14', 'gtin8', 'ean', 'isbn'];

export function fromJsonLd(blocks: string[]): Candidate[] {
  const found: Candidate[] = [];
  const push = (c: Candidate) => found.push(c);
  blocks.forEach((block, b) => {
    let data: Json;
    try {
      // Some shops put raw newlines or HTML comments around the JSON.
      data = JSON.parse(block.replace(/^\s*<!--|-->\s*$/g, ''));
    } catch {
      return;
    }
    for (const node of nodes(data)) {
      const types = typesOf(node);
      if (!types.some((t) => t === 'Product' || t === 'ProductGroup' || t === 'IndividualProduct' || t === 'ProductModel')) continue;
      const path = `jsonld[${b}]${node['@id'] ? `(${String(node['@id'])})` : ''}`;
      const name = str(node.name);
      if (name) push({ field: 'name', value: name, source: 'jsonld', confidence: CONFIDENCE.jsonld, evidence: { path: `${path}.name` } });
      const sku = str(node.sku) ?? str(node.mpn) ?? str(node.productID);
      if (sku) push({ field: 'sku', value: sku, source: 'jsonld', confidence: CONFIDENCE.jsonld, evidence: { path: `${path}.sku` } });
      for (const key of GTIN_KEYS) {
        const gtin = str(node[key]);
        if (gtin) {
          push({
            field: 'gtin',
            value: gtin.replace(/^urn:|^gtin:/i, ''),
            source: 'jsonld',
            confidence: CONFIDENCE.jsonld,
            evidence: { path: `${path}.${key}` },
          });
          break;
        }
      }
      offerCandidates(node.offers, path, 'jsonld', push);
    }
  });
  return found;
}

export function fromMicrodata(items: PageFacts['microdata']): Candidate[] {
  const found: Candidate[] = [];
  items.forEach((item, i) => {
    if (!/schema\.org\/(Product|IndividualProduct|ProductModel)/i.test(item.type)) return;
    const first = (...keys: string[]) => {
      for (const key of keys) {
        const value = item.props[key]?.find((v) => v.trim() !== '');
        if (value) return { key, value: value.trim() };
      }
      return undefined;
    };
    const add = (field: Field, hit: { key: string; value: string } | undefined, value?: string, currency?: string | null) => {
      if (hit)
        found.push({
          field,
          value: value ?? hit.value,
          source: 'microdata',
          confidence: CONFIDENCE.microdata,
          evidence: { path: `microdata[${i}].${hit.key}`, text: hit.value },
          ...(currency !== undefined ? { currency } : {}),
        });
    };
    add('name', first('name'));
    add('sku', first('sku', 'mpn', 'productID'));
    add('gtin', first(...GTIN_KEYS));
    const price = first('offers.price', 'offers.lowPrice', 'price');
    const currency = first('offers.priceCurrency', 'priceCurrency')?.value ?? null;
    if (price) {
      const parsed = parsePrice(currency ? `${price.value} ${currency}` : price.value, currency);
      if (parsed.amount) add('price', price, parsed.amount, parsed.currency ?? currency);
    }
    const availability = first('offers.availability', 'availability');
    const stock = availabilityOf(availability?.value ?? null);
    if (stock) add('availability', availability, stock);
  });
  return found;
}

export function fromMeta(meta: PageFacts['meta']): Candidate[] {
  const get = (...keys: string[]) => {
    for (const key of keys) {
      const hit = meta.find((m) => m.key === key && m.content.trim() !== '');
      if (hit) return { key, value: hit.content.trim() };
    }
    return undefined;
  };
  const found: Candidate[] = [];
  const amount = get('product:price:amount', 'og:price:amount', 'product:sale_price:amount', 'twitter:data1');
  const currency = get('product:price:currency', 'og:price:currency', 'product:sale_price:currency')?.value ?? null;
  if (amount) {
    const parsed = parsePrice(currency ? `${amount.value} ${currency}` : amount.value, currency);
    if (parsed.amount)
      found.push({
        field: 'price',
        value: parsed.amount,
        currency: parsed.currency ?? currency,
        source: 'meta',
        confidence: CONFIDENCE.meta,
        evidence: { path: `meta[${amount.key}]`, text: amount.value },
      });
  }
  const name = get('og:title', 'twitter:title');
  if (name)
    found.push({
      field: 'name',
      value: name.value,
      source: 'meta',
      confidence: CONFIDENCE.meta - 0.15,
      evidence: { path: `meta[${name.key}]` },
    });
  const stock = availabilityOf(get('product:availability', 'og:availability')?.value.replace(/\s+/g, '') ?? null);
  if (stock)
    found.push({
      field: 'availability',
      value: stock,
      source: 'meta',
      confidence: CONFIDENCE.meta,
      evidence: { path: 'meta[product:availability]' },
    });
  const sku = get('product:retailer_item_id', 'product:sku', 'sku');
  if (sku)
    found.push({ field: 'sku', value: sku.value, source: 'meta', confidence: CONFIDENCE.meta, evidence: { path: `meta[${sku.key}]` } });
  const gtin = get('product:ean', 'product:gtin', 'product:upc', 'gtin13', 'gtin', 'gtin12', 'gtin14', 'gtin8', 'ean');
  if (gtin)
    found.push({ field: 'gtin', value: gtin.value, source: 'meta', confidence: CONFIDENCE.meta, evidence: { path: `meta[${gtin.key}]` } });
  return found;
}
