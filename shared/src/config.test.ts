/** Configuration parsing: bad values are refused with a fix, and passwords never show up in messages. */
import { describe, expect, test } from 'vitest';
import { describeDatabaseUrl, parsePort, redact } from './config.ts';

describe('describeDatabaseUrl', () => {
  test('reads host, port, database and user', () => {
    expect(describeDatabaseUrl('postgresql://me:secret@db.example.com:6543/app')).toEqual({
      host: 'db.example.com',
      port: 6543,
      database: 'app',
      user: 'me',
    });
    expect(describeDatabaseUrl('postgres://me@localhost')).toMatchObject({ port: 5432, database: 'postgres' });
  });

  test.each([
    ['not a url', /DATABASE_URL is not a URL/],
    ['http://x/y', /must start with postgresql:\/\//],
    ['postgresql:///nohost', /has no host/],
  ])('refuses %s', (url, message) => {
    expect(() => describeDatabaseUrl(url)).toThrow(message);
  });

  test('never echoes the password', () => {
    expect(() => describeDatabaseUrl('mysql://u:topsecret@h/d')).toThrow(/^(?!.*topsecret)/);
    expect(redact('postgresql://u:topsecret@h:5432/d')).toBe('postgresql://u:***@h:5432/d');
  });
});

describe('parsePort', () => {
  test('takes a fallback, a number, and refuses nonsense', () => {
    expect(parsePort(undefined, 'PORT', 5173)).toBe(5173);
    expect(parsePort('8080', 'PORT', 5173)).toBe(8080);
    expect(() => parsePort('0', 'PORT', 1)).toThrow('PORT must be a whole number 1-65535 (got "0")');
    expect(() => parsePort('http', 'PORT', 1)).toThrow(/PORT must be a whole number/);
  });
});
