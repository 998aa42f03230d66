/** Retry picks products by mode and keeps the job's options. */
import { describe, expect, test } from 'vitest';
import { retryParams, retryProductIds } from './retry-selection.ts';

const TEMPLATE = '0b6f7c5e-8c1a-4a55-9d7e-2f0c1a2b3c4d';
const P1 = '11111111-1111-4111-8111-111111111111';
const P2 = '22222222-2222-4222-8222-222222222222';

describe('retry', () => {
  const items = [
    { id: 'i1', product_id: P1, status: 'failed' as const },
    { id: 'i2', product_id: P2, status: 'succeeded' as const },
    { id: 'i3', product_id: null, status: 'failed' as const },
  ];
  const matches = [
    { job_item_id: 'i2', verdict: 'mismatch' as const },
    { job_item_id: 'i1', verdict: 'missing' as const },
  ];
  test('picks products by mode and drops deleted ones', () => {
    expect(retryProductIds('all', items, matches)).toEqual([P1, P2]);
    expect(retryProductIds('failed', items, matches)).toEqual([P1]);
    expect(retryProductIds('mismatched', items, matches)).toEqual([P2]);
  });
  test('keeps the options, replaces the selection', () => {
    expect(retryParams({ import_id: 'x', template_id: TEMPLATE, policy: 'all' }, [P1])).toEqual({
      template_id: TEMPLATE,
      policy: 'all',
      product_ids: [P1],
    });
  });
});
