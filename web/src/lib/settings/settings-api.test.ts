/** The settings page's requests (the server's reasons reach the form) and relative times from Postgres and ISO timestamps. */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { formError, settingsRequest, when } from './settings-api.ts';

test('relative times, and dates beyond a week', () => {
  const now = Date.parse('2026-11-27T10:00:00Z');
  expect(when(null, now)).toBe('—');
  expect(when('2026-11-27 09:59:30.123+00', now)).toBe('just now');
  expect(when('2026-11-27T09:45:00Z', now)).toBe('15 min ago');
  expect(when('2026-11-27 07:00:00+00', now)).toBe('3 h ago');
  expect(when('2026-11-25T10:00:00Z', now)).toBe('2 d ago');
  expect(when('2026-10-01T10:00:00Z', now)).toBe('2026-10-01');
});

describe('settingsRequest', () => {
  afterEach(() => vi.unstubAllGlobals());

  test("a refusal carries the server's message and the field it names to the form", async () => {
    vi.stubGlobal('fetch', async () =>
      Response.json({ message: 'the URL must start with http:// or https://', field: 'url' }, { status: 400 }),
    );
    const refused = await settingsRequest('POST', '/webhooks', { url: 'ftp://x' }).catch((e: unknown) => e);
    expect(formError(refused)).toEqual({ message: 'the URL must start with http:// or https://', field: 'url' });
  });

  test('a refusal without a body says what the server answered; a network failure says to check the connection', async () => {
    vi.stubGlobal('fetch', async () => new Response('<html>', { status: 502 }));
    expect(formError(await settingsRequest('GET', '').catch((e: unknown) => e))).toEqual({ message: 'The server answered 502.' });
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(formError(await settingsRequest('GET', '').catch((e: unknown) => e)).message).toBe(
      'Could not reach the server (Failed to fetch); check the connection and try again.',
    );
  });

  test('sends JSON to /api/settings and hands back what the server made', async () => {
    const calls: [string, RequestInit | undefined][] = [];
    vi.stubGlobal('fetch', async (url: string, init?: RequestInit) => {
      calls.push([url, init]);
      return Response.json({ prefix: 'tw_0123abcd' }, { status: 201 });
    });
    expect(await settingsRequest('POST', '/keys', { name: 'ERP' })).toEqual({ prefix: 'tw_0123abcd' });
    expect(calls[0]?.[0]).toBe('/api/settings/keys');
    expect(calls[0]?.[1]?.body).toBe('{"name":"ERP"}');
  });
});
