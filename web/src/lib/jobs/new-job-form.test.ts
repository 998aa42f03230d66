/** The new-job form becomes label_run params; each problem is said at its field. */
import { describe, expect, test } from 'vitest';
import { paramsFromForm, validateParams } from './new-job-form.ts';

const TEMPLATE = '0b6f7c5e-8c1a-4a55-9d7e-2f0c1a2b3c4d';
const P1 = '11111111-1111-4111-8111-111111111111';
const P2 = '22222222-2222-4222-8222-222222222222';

describe('new job form', () => {
  const form = (entries: [string, string][]) => {
    const f = new FormData();
    for (const [k, v] of entries) f.append(k, v);
    return f;
  };
  test('a complete form becomes valid params', () => {
    const params = paramsFromForm(
      form([
        ['selection', 'products'],
        ['product_ids', P1],
        ['product_ids', P2],
        ['template_id', TEMPLATE],
        ['outputs', 'png'],
        ['outputs', 'sheet'],
        ['policy', 'verified'],
        ['checks', 'price'],
        ['price_tolerance_percent', '0,5'],
        ['sheet_stock', 'avery-l7160'],
        ['offset_x_mm', '1.5'],
        ['offset_y_mm', ''],
        ['skip', '3'],
      ]),
    );
    const result = validateParams(params);
    expect(result.ok).toBe(true);
    if (result.ok)
      expect(result.params).toMatchObject({
        product_ids: [P1, P2],
        outputs: ['png', 'sheet'],
        policy: 'verified',
        checks: ['price'],
        price_tolerance: 0.005,
        sheet: { stock: 'avery-l7160', offset_x_mm: 1.5, offset_y_mm: 0, skip: 3 },
      });
  });
  test('each problem is said at its field', () => {
    const result = validateParams(
      paramsFromForm(
        form([
          ['selection', 'products'],
          ['offset_x_mm', '40'],
          ['skip', 'lots'],
        ]),
      ),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(Object.keys(result.errors).sort()).toEqual(['checks', 'offset_x_mm', 'outputs', 'products', 'skip', 'template_id']);
      expect(result.errors.products).toMatch(/Choose at least one product/);
    }
  });
  test('an import selection without an import', () => {
    const result = validateParams(
      paramsFromForm(
        form([
          ['selection', 'import'],
          ['template_id', TEMPLATE],
          ['outputs', 'png'],
          ['checks', 'price'],
        ]),
      ),
    );
    expect(result.ok ? {} : result.errors).toEqual({ import_id: 'Pick the import whose products to check.' });
  });
});
