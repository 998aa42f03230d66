/** deno test: field paths as people write them, and the one error shape. */
import assert from 'node:assert/strict';
import { type ApiError, errorResponse, fieldPath, invalidRequest, readJsonBody } from './http.ts';

Deno.test('zod paths read as products[2].sku', () => {
  assert.equal(fieldPath(['products', 2, 'sku']), 'products[2].sku');
  assert.equal(fieldPath([0]), '[0]');
  assert.equal(fieldPath([]), '');
});

Deno.test('a 400 lists every issue in its message and body', async () => {
  const response = errorResponse(
    invalidRequest([
      { path: 'template', message: 'required' },
      { path: '', message: 'not JSON' },
    ]),
  );
  assert.equal(response.status, 400);
  assert.equal(response.headers.get('access-control-allow-origin'), '*');
  const body = (await response.json()) as { error: { code: string; message: string; issues: unknown[] } };
  assert.equal(body.error.code, 'invalid_request');
  assert.equal(body.error.message, 'template: required; (body): not JSON');
  assert.equal(body.error.issues.length, 2);
});

Deno.test('bodies must be JSON, labelled so, and not too big', async () => {
  const request = (body: string, type = 'application/json') =>
    new Request('http://f', { method: 'POST', headers: { 'content-type': type }, body });
  assert.deepEqual(await readJsonBody(request('{"a":1}'), 100), { a: 1 });
  await assert.rejects(readJsonBody(request('{"a":1}', 'text/plain'), 100), (error: ApiError) => error.status === 415);
  await assert.rejects(
    readJsonBody(request('{"a":'), 100),
    (error: ApiError) => error.status === 400 && /not valid JSON/.test(error.message),
  );
  await assert.rejects(readJsonBody(request(`"${'x'.repeat(200)}"`), 100), (error: ApiError) => error.status === 413);
});
