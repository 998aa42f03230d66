/**
 * Fills a template's {{bindings}} from a product: `{{name}}`, `{{price}}` (formatted in the
 * template's locale and the product's currency), `{{price:amount}}`, `{{currency}}`,
 * `{{currency:symbol}}`, `{{gtin}}`, `{{gtin14}}`, `{{sku:upper}}`, `{{today:date}}`, and any
 * spreadsheet column kept in attributes (`{{Color}}`). Reports which bindings had no value.
 */

export interface LabelData {
  name?: string | null;
  /** Exact decimal as text, e.g. "12.90". */
  price?: string | null;
  currency?: string | null;
  sku?: string | null;
  gtin?: string | null;
  url?: string | null;
  attributes?: Record<string, unknown> | null;
  /** The date printed by {{today}}; now when unset. */
  today?: Date;
}

export interface Bound {
  text: string;
  /** Bindings that had no value (printed as nothing). */
  missing: string[];
}

export const bindingFormats = ['amount', 'symbol', 'upper', 'lower', 'date'] as const;

const BINDING = /\{\{\s*([^{}:\s](?:[^{}:]*[^{}:\s])?)\s*(?::\s*([a-z]+)\s*)?\}\}/g;

function rawValue(data: LabelData, field: string): unknown {
  switch (field) {
    case 'name':
    case 'price':
    case 'currency':
    case 'sku':
    case 'gtin':
    case 'url':
      return data[field];
    case 'gtin14':
      return data.gtin ? data.gtin.padStart(14, '0') : null;
    case 'today':
      return data.today ?? new Date();
    default: {
      const attributes = data.attributes ?? {};
      const key =
        Object.keys(attributes).find((k) => k === field) ?? Object.keys(attributes).find((k) => k.toLowerCase() === field.toLowerCase());
      return key === undefined ? undefined : attributes[key];
    }
  }
}

/** Intl formatters are slow to make and labels print thousands of prices in one locale: keep them. */
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `n${locale}${JSON.stringify(options)}`;
  let f = formatters.get(key) as Intl.NumberFormat | undefined;
  if (!f) {
    f = new Intl.NumberFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}

function formatPrice(amount: string, currency: string | null | undefined, locale: string, style: 'currency' | 'amount'): string {
  const value = Number(amount);
  if (!Number.isFinite(value)) return amount;
  // decimals the amount really has: "12.9000" from a numeric(14,4) column has one
  const decimals = (amount.split('.')[1] ?? '').replace(/0+$/, '').length;
  try {
    if (style === 'currency' && currency) {
      const digits = new Intl.NumberFormat(locale, { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
      return new Intl.NumberFormat(locale, {
        style: 'currency',
        currency,
        minimumFractionDigits: Math.max(digits, Math.min(decimals, 4)),
      }).format(value);
    }
    return new Intl.NumberFormat(locale, { minimumFractionDigits: Math.min(Math.max(decimals, 2), 4) }).format(value);
  } catch {
    // An unknown locale or currency code prints the plain amount rather than failing the label.
    return currency && style === 'currency' ? `${amount} ${currency}` : amount;
  }
}

function currencySymbol(currency: string, locale: string): string {
  try {
    const part = numberFormat(locale, { style: 'currency', currency })
      .formatToParts(0)
      .find((p) => p.type === 'currency');
    return part?.value ?? currency;
  } catch {
    return currency;
  }
}

function formatDate(value: unknown, locale: string): string {
  const date = value instanceof Date ? value : new Date(String(value));
  if (Number.isNaN(date.getTime())) return String(value);
  try {
    const key = `d${locale}`;
    let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
    if (!f) {
      f = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
      formatters.set(key, f);
    }
    return f.format(date);
  } catch {
    return date.toISOString().slice(0, 10);
  }
}

function format(data: LabelData, field: string, how: string | undefined, locale: string): string | undefined {
  const value = rawValue(data, field);
  if (value === null || value === undefined || value === '') return undefined;
  if (field === 'price' && (how === undefined || how === 'amount'))
    return formatPrice(String(value), data.currency, locale, how === 'amount' ? 'amount' : 'currency');
  if (field === 'currency' && how === 'symbol') return currencySymbol(String(value), locale);
  if (how === 'date' || value instanceof Date) return formatDate(value, locale);
  const text = String(value);
  if (how === 'upper') return text.toUpperCase();
  if (how === 'lower') return text.toLowerCase();
  return text;
}

/** Replaces every {{binding}} in `text`; unknown formats are errors a template designer should see. */
export function bindText(text: string, data: LabelData, locale = 'en-GB'): Bound {
  const missing: string[] = [];
  const out = text.replace(BINDING, (_whole, field: string, how: string | undefined) => {
    if (how !== undefined && !(bindingFormats as readonly string[]).includes(how))
      throw new Error(`Unknown format "${how}" in {{${field}:${how}}}; use one of: ${bindingFormats.join(', ')}.`);
    const value = format(data, field, how, locale);
    if (value === undefined) missing.push(field);
    return value ?? '';
  });
  return { text: out, missing };
}
