/** deno test: USER_RATE_LIMIT_PER_MINUTE is read as a whole number from 1 up; anything else is said and the default used. */
import assert from 'node:assert/strict';
import { DEFAULT_USER_RATE_LIMIT, userRateLimit } from './authenticate.ts';

Deno.test('the per-user limit: unset is the default, a whole number is used, nonsense is reported', () => {
  const said: string[] = [];
  const report = (message: string) => said.push(message);
  assert.equal(userRateLimit(undefined, report), DEFAULT_USER_RATE_LIMIT);
  assert.equal(userRateLimit(' ', report), DEFAULT_USER_RATE_LIMIT);
  assert.equal(userRateLimit('600', report), 600);
  assert.deepEqual(said, []);
  for (const bad of ['0', '-5', '2.5', 'lots']) assert.equal(userRateLimit(bad, report), DEFAULT_USER_RATE_LIMIT);
  assert.equal(said.length, 4);
  assert.equal(said[3], 'USER_RATE_LIMIT_PER_MINUTE="lots" is not a whole number from 1 up; using 120.');
});
