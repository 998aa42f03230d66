/**
 * postgres_changes filters in Supabase's syntax — `column=op.value` with eq, neq, lt, lte, gt,
 * gte, and `in.(a,b,…)` (at most 100 values) — parsed once per binding and applied to a change's
 * record (Postgres text values, compared by the column's type).
 */

export type FilterOp = 'eq' | 'neq' | 'lt' | 'lte' | 'gt' | 'gte' | 'in';

export interface Filter {
  column: string;
  op: FilterOp;
  values: string[];
}

const OPS = new Set<FilterOp>(['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in']);
const NUMERIC = new Set(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'oid']);
export const MAX_IN_VALUES = 100;

/** Parses a filter string; throws an Error whose message says what is wrong with it. */
export function parseFilter(text: string): Filter {
  const eq = text.indexOf('=');
  const dot = text.indexOf('.', eq + 1);
  if (eq <= 0 || dot < 0) throw new Error(`filter "${text}" is not column=op.value`);
  const column = text.slice(0, eq);
  const op = text.slice(eq + 1, dot) as FilterOp;
  const raw = text.slice(dot + 1);
  if (!OPS.has(op)) throw new Error(`filter "${text}": unknown operator "${op}" (use eq, neq, lt, lte, gt, gte, in)`);
  if (op !== 'in') return { column, op, values: [raw] };
  if (!raw.startsWith('(') || !raw.endsWith(')')) throw new Error(`filter "${text}": in needs a list like in.(1,2,3)`);
  const values = splitList(raw.slice(1, -1));
  if (values.length > MAX_IN_VALUES) throw new Error(`filter "${text}": in takes at most ${MAX_IN_VALUES} values`);
  return { column, op, values };
}

/** Splits `a,"b,c",d` on commas outside double quotes. */
function splitList(inner: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of inner) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim() !== '' || out.length > 0) out.push(current.trim());
  return out;
}

function compare(type: string | undefined, a: string, b: string): number {
  if (type && NUMERIC.has(type)) {
    const x = Number(a);
    const y = Number(b);
    if (!Number.isNaN(x) && !Number.isNaN(y)) return x - y;
  }
  if (type === 'bool') return Number(a === 't' || a === 'true') - Number(b === 't' || b === 'true');
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Whether a record (text values) passes the filter; a missing or null column never matches. */
export function matchesFilter(filter: Filter, record: Record<string, unknown>, types: Record<string, string>): boolean {
  const value = record[filter.column];
  if (value === null || value === undefined) return false;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const type = types[filter.column];
  const [first = ''] = filter.values;
  switch (filter.op) {
    case 'eq':
      return compare(type, text, first) === 0;
    case 'neq':
      return compare(type, text, first) !== 0;
    case 'lt':
      return compare(type, text, first) < 0;
    case 'lte':
      return compare(type, text, first) <= 0;
    case 'gt':
      return compare(type, text, first) > 0;
    case 'gte':
      return compare(type, text, first) >= 0;
    case 'in':
      return filter.values.some((v) => compare(type, text, v) === 0);
  }
}
