/**
 * One spreadsheet row → a product, as a user would expect the cells to be read: prices with comma
 * decimals or a currency sign, EANs that Excel turned into numbers (leading zeros restored when the
 * check digit says so), URLs without a scheme, dates as ISO dates; other columns kept as attributes.
 * Every problem is reported with its row and column, never silently dropped.
 */
import { checkGtin, currencyFromHint, ISO_CODES, type ProductInput, parsePrice, productInput } from '@tagwright/shared';
import { type ColumnMap, columnLetter, type ProductField } from './column-map.ts';
import type { Cell } from './read-spreadsheet.ts';

export interface RowError {
  row: number;
  column: string;
  message: string;
}

export type Coerced = { ok: true; product: ProductInput } | { ok: false; errors: RowError[] };

function text(cell: Cell): string | null {
  if (cell === null) return null;
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  if (typeof cell === 'number') return Number.isInteger(cell) ? String(cell) : String(cell);
  const s = String(cell).trim();
  return s === '' ? null : s;
}

/** A number cell as an exact decimal string (floating-point noise rounded off at 4 decimals). */
function decimal(n: number): string {
  return String(Math.round(n * 10_000) / 10_000);
}

function gtinFrom(cell: Cell): string | null {
  const raw = text(cell);
  if (raw === null) return null;
  if (/e\+?\d+$/i.test(raw)) return raw; // scientific notation: reported by validation below, with a hint
  const digits = raw.replace(/[\s-]/g, '');
  if (!/^\d+$/.test(digits)) return digits;
  // Excel drops leading zeros of numbers: try the GTIN lengths and keep the one whose check digit holds.
  for (const length of [8, 12, 13, 14]) {
    if (digits.length > length) continue;
    const padded = digits.padStart(length, '0');
    if (checkGtin(padded).ok) return padded;
  }
  return digits;
}

function urlFrom(cell: Cell): string | null {
  const raw = text(cell);
  if (raw === null) return null;
  if (/^https?:\/\//i.test(raw)) return raw;
  if (/^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(\/\S*)?$/i.test(raw)) return `https://${raw}`;
  return raw;
}

/** The error values Excel shows in a cell whose formula failed (as .xlsx stores them and CSV exports them). */
const EXCEL_ERRORS = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#SPILL!', '#CALC!', '#GETTING_DATA']);

export function coerceProduct(row: { number: number; cells: Cell[] }, map: ColumnMap, headers: string[]): Coerced {
  const errors: RowError[] = [];
  const columnOf = (field: ProductField) =>
    map[field] === undefined ? field : `${columnLetter(map[field] as number)} (${headers[map[field] as number] || field})`;
  const failed = new Set<ProductField>();
  // a failed formula is reported once and read as empty, so it is never imported as a value
  const at = (field: ProductField): Cell => {
    const cell = map[field] === undefined ? null : (row.cells[map[field] as number] ?? null);
    if (typeof cell !== 'string' || !EXCEL_ERRORS.has(cell.trim().toUpperCase())) return cell;
    if (!failed.has(field))
      errors.push({ row: row.number, column: columnOf(field), message: `the cell shows ${cell.trim()}; fix the formula in the sheet` });
    failed.add(field);
    return null;
  };

  const currencyCell = text(at('currency'));
  let currency: string | null = null;
  if (currencyCell !== null) {
    currency = ISO_CODES.has(currencyCell.toUpperCase()) ? currencyCell.toUpperCase() : currencyFromHint(currencyCell);
    if (!currency)
      errors.push({
        row: row.number,
        column: columnOf('currency'),
        message: `"${currencyCell}" is not a currency; use an ISO code like EUR`,
      });
  }

  let price: string | null = null;
  const priceCell = at('price');
  if (priceCell instanceof Date) {
    errors.push({
      row: row.number,
      column: columnOf('price'),
      message: `${text(priceCell)} is a date, not a price; format the column as a number`,
    });
  } else if (typeof priceCell === 'number') {
    if (priceCell < 0) errors.push({ row: row.number, column: columnOf('price'), message: `price ${priceCell} is negative` });
    else price = decimal(priceCell);
  } else if (text(priceCell) !== null) {
    const parsed = parsePrice(text(priceCell) as string, currency);
    if (!parsed.amount) errors.push({ row: row.number, column: columnOf('price'), message: `"${text(priceCell)}" is not a price` });
    else {
      price = parsed.amount;
      if (!currency && parsed.currency && /^[A-Z]{3}$/.test(parsed.currency)) currency = parsed.currency;
    }
  }

  const attributes: Record<string, unknown> = {};
  const mapped = new Set(Object.values(map));
  row.cells.forEach((cell, i) => {
    if (mapped.has(i) || cell === null) return;
    attributes[headers[i] || columnLetter(i)] = cell instanceof Date ? cell.toISOString().slice(0, 10) : cell;
  });

  const candidate = {
    sku: text(at('sku')) ?? '',
    name: text(at('name')) ?? '',
    price,
    currency,
    gtin: gtinFrom(at('gtin')),
    url: urlFrom(at('url')),
    attributes,
  };
  const parsed = productInput.safeParse(candidate);
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'sku') as ProductField;
      const hint =
        field === 'gtin' && /e\+?\d+$/i.test(candidate.gtin ?? '')
          ? ' (the cell holds a number in scientific notation: format the column as text)'
          : '';
      errors.push({ row: row.number, column: columnOf(field), message: `${issue.message}${hint}` });
    }
  if (errors.length > 0 || !parsed.success) return { ok: false, errors };
  return { ok: true, product: parsed.data };
}
