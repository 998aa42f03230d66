/** The new-key form's checks: what the user typed, or which field is wrong and why. */
import { expect, test } from 'vitest';
import { checkApiKeyInput } from './api-key-input.ts';

test('a name alone gets the default 60 requests per minute; spaces around the name are dropped', () => {
  expect(checkApiKeyInput({ name: '  ERP sync ' })).toEqual({ ok: true, input: { name: 'ERP sync', rate_limit_per_minute: 60 } });
  expect(checkApiKeyInput({ name: 'ERP', rate_limit_per_minute: '' })).toEqual({
    ok: true,
    input: { name: 'ERP', rate_limit_per_minute: 60 },
  });
  expect(checkApiKeyInput({ name: 'ERP', rate_limit_per_minute: '120' })).toEqual({
    ok: true,
    input: { name: 'ERP', rate_limit_per_minute: 120 },
  });
});

test('a missing or too long name is named as the field at fault', () => {
  expect(checkApiKeyInput({ name: '   ' })).toMatchObject({ ok: false, field: 'name' });
  expect(checkApiKeyInput({})).toMatchObject({ ok: false, field: 'name' });
  expect(checkApiKeyInput({ name: 'x'.repeat(101) })).toMatchObject({ ok: false, field: 'name' });
});

test('a rate limit that is not a whole number from 1 to 100000 is refused with the range', () => {
  for (const bad of ['0', '-5', '2.5', 'fast', 100_001])
    expect(checkApiKeyInput({ name: 'ERP', rate_limit_per_minute: bad })).toEqual({
      ok: false,
      field: 'rate_limit_per_minute',
      message: 'The rate limit is requests per minute: a whole number from 1 to 100000, or empty for 60.',
    });
});
