/** The DB client's role switching: as a user auth.uid() is theirs and RLS applies; other roles are refused. */
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { asAnon, asServiceRole, asUser, withClaims } from './db.ts';

let db: TestPostgres;
const userId = '11111111-1111-4111-8111-111111111111';
beforeAll(async () => {
  db = await testPostgres();
});
afterAll(() => db?.stop());

test('asUser runs as authenticated with auth.uid() set, only inside the transaction', async () => {
  const row = await asUser(db.sql, userId, (tx) => tx`select current_user as role, auth.uid() as uid`.then((r) => r[0]));
  expect(row).toEqual({ role: 'authenticated', uid: userId });
  const [after] = await db.sql`select current_user as role, auth.uid() as uid`;
  expect(after).toEqual({ role: 'postgres', uid: null });
});

test('service role and anon get their roles', async () => {
  expect(await asServiceRole(db.sql, (tx) => tx`select current_user as r`.then((r) => r[0]?.r))).toBe('service_role');
  expect(await asAnon(db.sql, (tx) => tx`select current_user as r`.then((r) => r[0]?.r))).toBe('anon');
});

test('a claim naming another role (e.g. postgres) is refused before touching the database', async () => {
  await expect(withClaims(db.sql, { role: 'postgres' as never }, async () => 1)).rejects.toThrow('Refusing to run as role "postgres"');
});

test('timestamps come back as text with microseconds', async () => {
  const [row] = await db.sql`select '2026-01-02 03:04:05.123456+00'::timestamptz as t`;
  expect(row?.t).toBe('2026-01-02 03:04:05.123456+00');
});
