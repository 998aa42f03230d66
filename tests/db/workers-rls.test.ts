/** public.workers is infrastructure: no signed-in user or anon may read or write it; service role (the workers, status, metrics) may. */
import { asAnon, asServiceRole, asUser } from '@tagwright/shared/db';
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createUser, createWorkspace } from './fixtures.ts';

let db: TestPostgres;
let owner = '';
beforeAll(async () => {
  db = await testPostgres();
  owner = await createUser(db.sql, 'owner@workers.test');
  await createWorkspace(db.sql, 'W', owner);
  await db.sql`insert into workers (id, hostname, pid, kinds, concurrency) values ('w1', 'host-a', 1, '{noop}', 2)`;
});
afterAll(() => db?.stop());

test('users and anon are refused; service role reads it', async () => {
  await expect(asUser(db.sql, owner, (tx) => tx`select id from workers`)).rejects.toThrow(/permission denied/);
  await expect(asAnon(db.sql, (tx) => tx`select id from workers`)).rejects.toThrow(/permission denied/);
  await expect(
    asUser(db.sql, owner, (tx) => tx`insert into workers (id, hostname, pid, concurrency) values ('x', 'h', 1, 1)`),
  ).rejects.toThrow(/permission denied/);
  expect(await asServiceRole(db.sql, (tx) => tx`select id, hostname from workers`)).toEqual([{ id: 'w1', hostname: 'host-a' }]);
});
