/** deno test: the jobs function's request checks, with field paths, and how products split into SKUs and rows. */
import assert from 'node:assert/strict';
import { ApiError } from '../_shared/http.ts';
import { parseJobRequest, splitProducts } from './job-request.ts';

function issues(body: unknown): { path: string; message: string }[] {
  try {
    parseJobRequest(body);
  } catch (error) {
    assert.ok(error instanceof ApiError);
    assert.equal(error.status, 400);
    return error.issues;
  }
  throw new Error('expected a 400');
}

Deno.test('a minimal request gets the label_run defaults', () => {
  const request = parseJobRequest({ template: 'Shelf tag', products: ['A-1'] });
  assert.equal(request.priority, 0);
  assert.equal(request.options.policy, 'mark_unverified');
  assert.deepEqual(request.options.outputs, ['png', 'pdf']);
});

Deno.test('missing fields say they are required', () => {
  const found = issues({});
  assert.deepEqual(
    found.map((issue) => issue.path),
    ['template', 'products'],
  );
  assert.ok(found.every((issue) => issue.message.startsWith('required: ')));
});

Deno.test('bad product rows and options are named by path', () => {
  const paths = issues({
    template: 'T',
    products: ['', { sku: 'B', price: '-1', gtin: '4006381333932' }],
    options: { zpl_dpi: 150, sheet: { skip: -1 } },
    extra: 1,
  }).map((issue) => issue.path);
  for (const path of ['products[0]', 'products[1].price', 'products[1].gtin', 'options.zpl_dpi', 'options.sheet.skip', ''])
    assert.ok(paths.includes(path), `${path} in ${paths.join(', ')}`);
});

Deno.test('too many products is refused with the limit', () => {
  const found = issues({ template: 'T', products: Array.from({ length: 10_001 }, (_, i) => `S-${i}`) });
  assert.match(found[0]?.message ?? '', /at most 10000 products/);
});

Deno.test('SKUs keep their order without repeats; rows are upserted and their SKUs join the job', () => {
  const request = parseJobRequest({ template: 'T', products: ['A', 'B', 'A', { sku: 'C', name: 'Lamp' }] });
  const { skus, rows } = splitProducts(request.products);
  assert.deepEqual(skus, ['A', 'B', 'C']);
  assert.deepEqual(
    rows.map((row) => [row.sku, row.name]),
    [['C', 'Lamp']],
  );
});
