/** The printed values of a label as label/value pairs for the preview (attributes flattened). */
const FIELD_NAMES: Record<string, string> = { sku: 'SKU', name: 'Name', price: 'Price', currency: 'Currency', gtin: 'GTIN', url: 'URL' };

export function labelValues(data: Record<string, unknown>): { field: string; label: string; value: string }[] {
  const out: { field: string; label: string; value: string }[] = [];
  for (const [field, label] of Object.entries(FIELD_NAMES)) {
    const v = data[field];
    if (v !== null && v !== undefined && v !== '')
      out.push({ field, label, value: field === 'price' ? trimDecimals(String(v)) : String(v) });
  }
  const attributes = data.attributes;
  if (attributes && typeof attributes === 'object')
    for (const [key, v] of Object.entries(attributes as Record<string, unknown>))
      if (v !== null && v !== undefined && v !== '')
        out.push({ field: key, label: key, value: typeof v === 'object' ? JSON.stringify(v) : String(v) });
  return out;
}

/** "4.4900" (numeric(14,4)) → "4.49": at least two decimals, no trailing zeros beyond. */
export function trimDecimals(price: string): string {
  const m = /^(-?\d+)\.(\d*?)0*$/.exec(price);
  if (!m) return price;
  return `${m[1]}.${(m[2] ?? '').padEnd(2, '0')}`;
}
