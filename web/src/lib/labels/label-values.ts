/** The printed values of a label as label/value pairs for the preview (attributes flattened). */
const FIELD_NAMES: Record<string, string> = { sku: 'SKU', name: 'Name', price: 'Price', currency: 'Currency', gtin: 'GTIN', url: 'URL' };

export function labelValues(data: Record<string, unknown>): { field: string; label: string; value: string }[] {
  const out: { field: string; label: string; value: string }[] = [];
  for (const [field, label] of Object.entries(FIELD_NAMES)) {
    const v = data[field];
    if (v !== null && v !== undefined && v !== '') out.push({ field, label, value: String(v) });
  }
  const attributes = data.attributes;
  if (attributes && typeof attributes === 'object')
    for (const [key, v] of Object.entries(attributes as Record<string, unknown>))
      if (v !== null && v !== undefined && v !== '')
        out.push({ field: key, label: key, value: typeof v === 'object' ? JSON.stringify(v) : String(v) });
  return out;
}
