/** Job params: what a valid label_run looks like and how bad params are reported (by field path). */
import { describe, expect, test } from 'vitest';
import { parseJobParams } from './job-params.ts';

const template_id = '6f1c2f2e-1d1b-4c39-9d3f-0a3a1a1d2b3c';

describe('parseJobParams', () => {
  test('fills defaults for a label_run by SKUs', () => {
    const result = parseJobParams('label_run', { skus: ['A-1'], template_id });
    expect(result).toEqual({
      ok: true,
      params: {
        skus: ['A-1'],
        template_id,
        outputs: ['png', 'pdf'],
        checks: ['name', 'price', 'sku', 'gtin'],
        price_tolerance: 0,
        policy: 'mark_unverified',
        sheet: { offset_x_mm: 0, offset_y_mm: 0, skip: 0 },
        zpl_dpi: 203,
      },
    });
  });

  test('names each bad field', () => {
    const result = parseJobParams('label_run', { skus: ['A-1'], template_id: 'nope', outputs: ['gif'] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatch(/^Bad params for label_run — /);
    expect(result.error).toContain('template_id:');
    expect(result.error).toContain('outputs.0:');
  });

  test('requires a product selection', () => {
    const result = parseJobParams('label_run', { template_id });
    expect(result.ok).toBe(false);
  });

  test('noop params default to no sleep; a bad fail mode names the field', () => {
    expect(parseJobParams('noop', {})).toEqual({ ok: true, params: { sleep_ms: 0 } });
    const bad = parseJobParams('noop', { fail: 'sometimes' });
    expect(bad.ok).toBe(false);
    expect(bad.ok ? '' : bad.error).toMatch(/^Bad params for noop — fail: /);
  });

  test('a kind named like an Object method is still unknown', () => {
    expect(parseJobParams('toString', {}).ok).toBe(false);
  });

  test('refuses an unknown kind with the list of known ones', () => {
    expect(parseJobParams('launch_rocket', {})).toEqual({
      ok: false,
      error: 'Unknown job kind "launch_rocket"; use one of: label_run, noop.',
    });
  });
});

test('an unknown field (a misspelt option) is refused by name', () => {
  const result = parseJobParams('label_run', { skus: ['A-1'], template_id, polcy: 'verified' });
  expect(result.ok).toBe(false);
  expect(result.ok ? '' : result.error).toMatch(
    /^Bad params for label_run — polcy: unknown field; remove it \(known: product_ids, skus, import_id, template_id/,
  );
});
