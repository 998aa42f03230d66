/** What extraction finds on a product page: candidates per field with source and confidence, then one decision per field. */

export type Field = 'name' | 'price' | 'sku' | 'gtin' | 'availability';
export type Source = 'jsonld' | 'microdata' | 'meta' | 'dom' | 'ocr';
export type Availability = 'InStock' | 'OutOfStock';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where a candidate was seen, so a user can check it: a JSON path, a selector, a box on a screenshot. */
export interface Evidence {
  path?: string;
  selector?: string;
  box?: Box;
  screenshot?: string;
  text?: string;
}

export interface Candidate {
  field: Field;
  /** The value as a string: a name, "12.99", an ISO code, a GTIN, "InStock". */
  value: string;
  source: Source;
  /** 0–1: how much this source and this sighting are to be believed. */
  confidence: number;
  /** For prices: the currency (ISO code or symbol) and the text it was read from. */
  currency?: string | null;
  evidence: Evidence;
}

export interface PriceFinding {
  amount: string;
  currency: string | null;
  text: string;
}

/** One decision per field (null when nothing credible was found) and every candidate considered. */
export interface Extraction {
  name: Candidate | null;
  price: (Candidate & { price: PriceFinding }) | null;
  sku: Candidate | null;
  gtin: Candidate | null;
  availability: Candidate | null;
  candidates: Candidate[];
}
