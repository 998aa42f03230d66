/**
 * The per-user request budget of the jobs function (take_user_request): a token bucket that allows
 * a burst of the limit, refuses with the wait, refills with time up to the limit, keeps users apart,
 * refuses a nonsense limit, and is out of reach of API roles.
 */
import { asUser, type Sql } from '@tagwright/shared/db';
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createUser } from './fixtures.ts';

let db: TestPostgres;
let sql: Sql;
let ann = '';
let bob = '';

beforeAll(async () => {
  db = await testPostgres();
  sql = db.sql;
  ann = await createUser(sql, 'ann@budget.test');
  bob = await createUser(sql, 'bob@budget.test');
});
afterAll(() => db?.stop());

const take = async (user: string, perMinute: number) =>
  (await sql<{ wait: number | null }[]>`select public.take_user_request(${user}, ${perMinute}) as wait`)[0]?.wait;
const goBack = (user: string, seconds: number) =>
  sql`update tagwright_internal.user_request_budget set checked_at = checked_at - make_interval(secs => ${seconds}) where user_id = ${user}`;

test('a burst of the limit, then refusals with the wait (costing nothing), then refilled by time up to the limit', async () => {
  for (let i = 0; i < 3; i++) expect(await take(ann, 3)).toBeNull(); // 3 a minute: a token every 20 s
  expect(await take(ann, 3)).toBe(20);
  expect(await take(ann, 3)).toBe(20);
  await goBack(ann, 10);
  expect(await take(ann, 3)).toBe(10);
  await goBack(ann, 30); // two tokens
  expect(await take(ann, 3)).toBeNull();
  expect(await take(ann, 3)).toBeNull();
  expect(await take(ann, 3)).toBeGreaterThan(0);
  await goBack(ann, 3600);
  for (let i = 0; i < 3; i++) expect(await take(ann, 3)).toBeNull();
  expect(await take(ann, 3)).toBeGreaterThan(0);
  // another user has a budget of their own
  expect(await take(bob, 3)).toBeNull();
});

test('a limit below 1 is refused with what is wrong', async () => {
  await expect(take(bob, 0)).rejects.toThrow(/per_minute must be at least 1 \(got 0\)/);
});

test('signed-in users can neither take from nor read the budgets', async () => {
  await expect(asUser(sql, ann, (tx) => tx`select public.take_user_request(${ann}, 1000)`)).rejects.toThrow(/permission denied/);
  await expect(asUser(sql, ann, (tx) => tx`select * from tagwright_internal.user_request_budget`)).rejects.toThrow(/permission denied/);
});
