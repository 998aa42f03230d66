/** Relative times as the settings lists show them, from Postgres and ISO timestamps. */
import { expect, test } from 'vitest';
import { when } from './settings-api.ts';

test('relative times, and dates beyond a week', () => {
  const now = Date.parse('2026-11-27T10:00:00Z');
  expect(when(null, now)).toBe('—');
  expect(when('2026-11-27 09:59:30.123+00', now)).toBe('just now');
  expect(when('2026-11-27T09:45:00Z', now)).toBe('15 min ago');
  expect(when('2026-11-27 07:00:00+00', now)).toBe('3 h ago');
  expect(when('2026-11-25T10:00:00Z', now)).toBe('2 d ago');
  expect(when('2026-10-01T10:00:00Z', now)).toBe('2026-10-01');
});
