/**
 * The new-job form ↔ label_run params: read the posted fields into params, validate them with the
 * shared `labelRunParams` schema and turn its issues into one message per form field.
 */
import { type LabelRunParams, labelRunParams } from '@tagwright/shared/schemas';

/** The form's fields that can carry an error (names of inputs or groups). */
export type FormField =
  | 'products'
  | 'import_id'
  | 'template_id'
  | 'outputs'
  | 'policy'
  | 'checks'
  | 'price_tolerance'
  | 'sheet_stock'
  | 'offset_x_mm'
  | 'offset_y_mm'
  | 'skip'
  | 'zpl_dpi'
  | 'form';

export type FieldErrors = Partial<Record<FormField, string>>;

/** A number from a text field: empty is undefined (the schema's default applies), junk stays NaN so the schema rejects it. */
function numberField(value: FormDataEntryValue | null): number | undefined {
  if (value === null) return undefined;
  const text = String(value).trim().replace(',', '.');
  return text === '' ? undefined : Number(text);
}

/** Builds label_run params from the posted form (before validation). */
export function paramsFromForm(form: FormData): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (form.get('selection') === 'import') params.import_id = String(form.get('import_id') ?? '');
  // one field of comma-separated ids (the browser's selection), or one field per id
  else
    params.product_ids = form
      .getAll('product_ids')
      .flatMap((v) => String(v).split(','))
      .map((id) => id.trim())
      .filter(Boolean);
  params.template_id = String(form.get('template_id') ?? '');
  params.outputs = form.getAll('outputs').map(String);
  const policy = form.get('policy');
  if (policy) params.policy = String(policy);
  params.checks = form.getAll('checks').map(String);
  const tolerance = numberField(form.get('price_tolerance_percent'));
  if (tolerance !== undefined) params.price_tolerance = Number.isNaN(tolerance) ? tolerance : Math.round(tolerance * 1000) / 100000;
  const sheet: Record<string, unknown> = {};
  const stock = String(form.get('sheet_stock') ?? '').trim();
  if (stock) sheet.stock = stock;
  for (const key of ['offset_x_mm', 'offset_y_mm', 'skip'] as const) {
    const value = numberField(form.get(key));
    if (value !== undefined) sheet[key] = value;
  }
  params.sheet = sheet;
  const dpi = numberField(form.get('zpl_dpi'));
  if (dpi !== undefined) params.zpl_dpi = dpi;
  return params;
}

const MESSAGES: Partial<Record<FormField, string>> = {
  products: 'Choose at least one product (tick rows in the list), or pick an import.',
  import_id: 'Pick the import whose products to check.',
  template_id: 'Pick a label template.',
  outputs: 'Tick at least one output: PNG, PDF, sheet or ZPL.',
  checks: 'Tick at least one field to check against the page.',
  price_tolerance: 'Price tolerance is a percentage from 0 to 50.',
  offset_x_mm: 'Horizontal offset is in millimetres, from −20 to 20.',
  offset_y_mm: 'Vertical offset is in millimetres, from −20 to 20.',
  skip: 'Labels to skip is a whole number from 0 to 500.',
};

function fieldOf(path: readonly PropertyKey[], params: Record<string, unknown>): FormField {
  const [head, next] = path.map(String);
  if (head === 'sheet') return next === 'stock' ? 'sheet_stock' : ((next as FormField | undefined) ?? 'sheet_stock');
  if (head === 'product_ids' || head === 'skus') return 'products';
  if (head === 'import_id') return 'import_id';
  if (head && head in MESSAGES) return head as FormField;
  if (head === 'policy' || head === 'zpl_dpi') return head;
  // a failed product-selection union has no path: say it where the products are chosen
  return 'import_id' in params ? 'import_id' : 'products';
}

export type Validated = { ok: true; params: LabelRunParams } | { ok: false; errors: FieldErrors };

/** Validates with the shared schema; each field gets the first problem found for it. */
export function validateParams(params: Record<string, unknown>): Validated {
  const result = labelRunParams.safeParse(params);
  if (result.success) return { ok: true, params: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = fieldOf(issue.path, params);
    errors[field] ??= MESSAGES[field] ?? `${issue.message}.`;
  }
  return { ok: false, errors };
}
