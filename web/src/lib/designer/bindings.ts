/** The bindings picker's choices: product fields, their formats and the workspace's spreadsheet columns. */

export interface BindingChoice {
  /** What to insert, e.g. {{price:amount}}. */
  token: string;
  label: string;
}

const FIELDS: { field: string; label: string; formats: { format: string; label: string }[] }[] = [
  { field: 'name', label: 'Name', formats: [{ format: 'upper', label: 'upper case' }] },
  { field: 'price', label: 'Price (locale + currency)', formats: [{ format: 'amount', label: 'amount only' }] },
  { field: 'currency', label: 'Currency code', formats: [{ format: 'symbol', label: 'symbol' }] },
  {
    field: 'sku',
    label: 'SKU',
    formats: [
      { format: 'upper', label: 'upper case' },
      { format: 'lower', label: 'lower case' },
    ],
  },
  { field: 'gtin', label: 'GTIN / EAN', formats: [] },
  { field: 'gtin14', label: 'GTIN-14 (zero-padded)', formats: [] },
  { field: 'url', label: 'Page URL', formats: [] },
  { field: 'today', label: "Today's date", formats: [{ format: 'date', label: 'in the locale' }] },
];

export const token = (field: string, format?: string) => `{{${field}${format ? `:${format}` : ''}}}`;

/** Every binding the picker offers, product fields first, then `columns` (attribute names). */
export function bindingChoices(columns: readonly string[] = []): BindingChoice[] {
  const choices: BindingChoice[] = [];
  for (const f of FIELDS) {
    if (f.field !== 'today') choices.push({ token: token(f.field), label: f.label });
    for (const fmt of f.formats) choices.push({ token: token(f.field, fmt.format), label: `${f.label}, ${fmt.label}` });
  }
  for (const column of columns) {
    if (column.includes('{') || column.includes('}') || column.includes(':')) continue;
    choices.push({ token: token(column), label: `Column: ${column}` });
  }
  return choices;
}

/** `text` with `insert` put at the caret (or appended), and where the caret goes next. */
export function insertAt(text: string, insert: string, start = text.length, end = start): { text: string; caret: number } {
  const a = Math.max(0, Math.min(start, text.length));
  const b = Math.max(a, Math.min(end, text.length));
  return { text: text.slice(0, a) + insert + text.slice(b), caret: a + insert.length };
}
