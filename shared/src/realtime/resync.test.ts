import { expect, test } from 'vitest';
import { isResyncNotice, resyncMessage } from './resync.ts';

test('a resync notice is recognised by its message; other system messages are not', () => {
  expect(isResyncNotice({ status: 'ok', message: resyncMessage('the change stream was interrupted') })).toBe(true);
  expect(resyncMessage('x')).toBe('Refetch: changes may have been missed (x).');
  expect(isResyncNotice({ status: 'ok', message: 'Subscribed to PostgreSQL' })).toBe(false);
  expect(isResyncNotice({ message: 42 })).toBe(false);
  expect(isResyncNotice(null)).toBe(false);
});
