/** deno test: which bodies name a delivery (ours and a Supabase Database Webhook's), and the refusals before any database work. */
import assert from 'node:assert/strict';
import { createSsrfGuard } from '../../../shared/src/net/index.ts';
import { deliveryIdOf, handleWebhooks } from './handler.ts';

const id = '3f0c8a52-8a5e-4d39-9a55-0a4f3b7f3d10';
const noDatabase = () => {
  throw new Error('the database must not be touched');
};

Deno.test('the delivery id comes from {delivery_id} or a database webhook record', () => {
  assert.equal(deliveryIdOf({ delivery_id: id }), id);
  assert.equal(deliveryIdOf({ type: 'INSERT', table: 'webhook_deliveries', record: { id } }), id);
  assert.throws(() => deliveryIdOf({ delivery_id: 'nope' }), /delivery_id: a webhook_deliveries id/);
  assert.throws(() => deliveryIdOf(null), /delivery_id/);
});

Deno.test('GET is 405, and a POST without the dispatch token is 401 before the database is asked', async () => {
  const deps = { sql: noDatabase, background: () => {}, guard: createSsrfGuard({ allowHosts: [] }) };
  assert.equal((await handleWebhooks(new Request('http://f/webhooks'), deps)).status, 405);
  const unsigned = new Request('http://f/webhooks', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ delivery_id: id }),
  });
  const answer = await handleWebhooks(unsigned, deps);
  assert.equal(answer.status, 401);
  assert.match(((await answer.json()) as { error: { message: string } }).error.message, /X-Tagwright-Dispatch/);
});
