/**
 * Which spreadsheet column holds which product field: suggested from header names in several
 * languages (sku / Artikelnummer / référence, price / Preis / prix…), overridable with
 * `sku=A,price=C` (column letters or header names).
 */

export const PRODUCT_FIELDS = ['sku', 'name', 'price', 'currency', 'gtin', 'url'] as const;
export type ProductField = (typeof PRODUCT_FIELDS)[number];
/** Field → 0-based column index. */
export type ColumnMap = Partial<Record<ProductField, number>>;

const SYNONYMS: Record<ProductField, string[]> = {
  sku: [
    'sku',
    'article',
    'article number',
    'article no',
    'art no',
    'art nr',
    'artikel',
    'artikelnummer',
    'artikelnr',
    'art-nr',
    'item',
    'item number',
    'item no',
    'item code',
    'product code',
    'product id',
    'productid',
    'code',
    'ref',
    'reference',
    'référence',
    'referencia',
    'codice',
    'kod',
    'numer',
    'sku code',
    'mpn',
    'part number',
  ],
  name: [
    'name',
    'product',
    'product name',
    'title',
    'description',
    'bezeichnung',
    'artikelbezeichnung',
    'produkt',
    'produktname',
    'nom',
    'désignation',
    'designation',
    'libellé',
    'nombre',
    'descripción',
    'nome',
    'nazwa',
    'název',
    'item name',
  ],
  price: [
    'price',
    'unit price',
    'retail price',
    'sale price',
    'preis',
    'vk',
    'vk-preis',
    'verkaufspreis',
    'prix',
    'prix ttc',
    'precio',
    'prezzo',
    'cena',
    'pris',
    'prijs',
    'amount',
    'rrp',
    'msrp',
  ],
  currency: ['currency', 'währung', 'waehrung', 'devise', 'monnaie', 'moneda', 'valuta', 'waluta', 'měna', 'cur', 'ccy'],
  gtin: [
    'gtin',
    'ean',
    'ean13',
    'ean-13',
    'ean code',
    'upc',
    'barcode',
    'bar code',
    'gtin13',
    'gtin-13',
    'gtin14',
    'isbn',
    'strichcode',
    'code-barres',
    'code barre',
    'código de barras',
    'codice a barre',
    'kod kreskowy',
  ],
  url: ['url', 'link', 'product url', 'product link', 'web', 'website', 'page', 'webseite', 'lien', 'enlace', 'odkaz', 'adres', 'shop url'],
};

export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[._:#()[\]]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const NORMALIZED: Record<ProductField, Set<string>> = Object.fromEntries(
  PRODUCT_FIELDS.map((f) => [f, new Set(SYNONYMS[f].map(normalizeHeader))]),
) as Record<ProductField, Set<string>>;

/** How many fields a row of header names would map: used to find the header row. */
export function headerScore(cells: string[]): number {
  return Object.keys(suggestColumnMap(cells)).length;
}

/** Field → column from header names: exact synonyms first, then headers that contain one ("Price (EUR)"). */
export function suggestColumnMap(headers: string[]): ColumnMap {
  const map: ColumnMap = {};
  const taken = new Set<number>();
  const names = headers.map((h) => normalizeHeader(h ?? ''));
  for (const pass of ['exact', 'contains'] as const) {
    for (const field of PRODUCT_FIELDS) {
      if (map[field] !== undefined) continue;
      const index = names.findIndex((name, i) => {
        if (taken.has(i) || name === '') return false;
        if (pass === 'exact') return NORMALIZED[field].has(name);
        return [...NORMALIZED[field]].some(
          (s) => s.length >= 3 && new RegExp(`(^|\\s)${s.replace(/[-/\\^$*+?.()|[\]{}]/g, '\\$&')}(\\s|$)`).test(name),
        );
      });
      if (index >= 0) {
        map[field] = index;
        taken.add(index);
      }
    }
  }
  return map;
}

/** "A" → 0, "AB" → 27; null when not a column letter. */
export function columnIndex(letters: string): number | null {
  if (!/^[A-Z]{1,3}$/i.test(letters)) return null;
  return [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let out = '';
  while (n > 0) {
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
    n = Math.floor((n - 1) / 26);
  }
  return out;
}

/** Applies `sku=A,price=Preis` on top of a suggestion; throws an Error naming the bad part. */
export function overrideColumnMap(base: ColumnMap, spec: string, headers: string[]): ColumnMap {
  const map = { ...base };
  for (const part of spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [rawField, rawColumn] = part.split('=').map((s) => s?.trim() ?? '');
    const field = rawField as ProductField;
    if (!PRODUCT_FIELDS.includes(field)) throw new Error(`--map: "${rawField}" is not a product field; use ${PRODUCT_FIELDS.join(', ')}`);
    if (!rawColumn) throw new Error(`--map: "${part}" needs a column, like ${field}=C or ${field}=Header`);
    const byHeader = headers.findIndex((h) => normalizeHeader(h) === normalizeHeader(rawColumn));
    const index = byHeader >= 0 ? byHeader : columnIndex(rawColumn);
    if (index === null) throw new Error(`--map: no column "${rawColumn}" (give a letter like C or a header of the sheet)`);
    map[field] = index;
  }
  return map;
}
