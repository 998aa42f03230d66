/** deno test: signatures a receiver can check, and the checks that stop forgery and replays. */
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { signatureHeader, verifySignature } from './signature.ts';

const secret = 'whsec_0123456789abcdef';
const body = '{"event":"job.succeeded"}';

Deno.test('the header is t=<unix>,v1=<HMAC-SHA256 of "<t>.<body>"> in hex', async () => {
  const header = await signatureHeader(secret, body, 1_790_000_000);
  const expected = createHmac('sha256', secret).update(`1790000000.${body}`).digest('hex');
  assert.equal(header, `t=1790000000,v1=${expected}`);
});

Deno.test('verifies its own signature, and refuses another body, another secret, or an old timestamp', async () => {
  const now = 1_790_000_000;
  const header = await signatureHeader(secret, body, now);
  assert.equal(await verifySignature(secret, body, header, now + 10), true);
  assert.equal(await verifySignature(secret, `${body} `, header, now), false);
  assert.equal(await verifySignature('whsec_other', body, header, now), false);
  assert.equal(await verifySignature(secret, body, header, now + 301), false);
  assert.equal(await verifySignature(secret, body, 'v1=abc', now), false);
});
