/** `tagwright apikey` as an admin runs it: a key printed once on its last line that the API accepts, revoked by prefix, listed; mistakes explained. */
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCliToEnd } from './run-cli.ts';

let db: TestPostgres;
beforeAll(async () => {
  db = await testPostgres();
  await db.sql`insert into workspaces (name) values ('Key Shop'), ('Other Shop')`;
});
afterAll(() => db?.stop());

const cli = (...args: string[]) => runCliToEnd(['apikey', ...args], { DATABASE_URL: db.url });
const outcome = async (key: string) =>
  (await db.sql<{ outcome: string }[]>`select outcome from public.authenticate_api_key(${key})`)[0]?.outcome;

test('create prints the key alone on the last line; the API accepts it; only its hash is stored', async () => {
  const { code, stdout } = await cli('create', '--workspace', 'Key Shop', '--name', 'ERP sync', '--rate-limit', '120');
  expect(code).toBe(0);
  const lines = stdout.trim().split('\n');
  const key = lines.at(-1) ?? '';
  expect(key).toMatch(/^tw_[0-9a-f]{8}_[0-9a-f]{64}$/);
  expect(lines[0]).toContain(`Created API key ${key.slice(0, 11)} "ERP sync" for workspace "Key Shop" (120 requests per minute)`);
  expect(await outcome(key)).toBe('ok');
  const stored = await db.sql`select * from public.api_keys where prefix = ${key.slice(0, 11)}`;
  expect(stored).toHaveLength(1);
  expect(JSON.stringify(stored)).not.toContain(key.slice(12));
  expect(stored[0]).toMatchObject({ name: 'ERP sync', rate_limit_per_minute: 120 });
}, 120_000);

test('revoke by prefix: the key gets refused; revoking again says when it was', async () => {
  const key = (await cli('create', '--workspace', 'Key Shop')).stdout.trim().split('\n').at(-1) ?? '';
  const prefix = key.slice(0, 11);
  const revoked = await cli('revoke', prefix);
  expect(revoked.code).toBe(0);
  const when = revoked.stdout.match(
    new RegExp(`Revoked API key ${prefix} ".+" at (\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} UTC); requests with it now get 401`),
  )?.[1];
  expect(when).toBeDefined();
  expect(await outcome(key)).toBe('revoked');
  const again = await cli('revoke', prefix);
  expect(again.code).toBe(0);
  expect(again.stdout).toContain(`API key ${prefix} "`);
  expect(again.stdout).toContain(`was already revoked at ${when}.`);
  expect(await outcome(key)).toBe('revoked');
}, 120_000);

test('list shows prefix, name, workspace and status, filtered by workspace', async () => {
  await cli('create', '--workspace', 'Other Shop', '--name', 'Other key');
  const all = await cli('list');
  expect(all.code).toBe(0);
  const [header, ...rows] = all.stdout.trim().split('\n');
  expect(header).toMatch(/^prefix\s+name\s+workspace\s+created\s+last_used\s+status$/);
  // the ERP key was used once (by the first test), so its last use is a date; a key never used shows —
  expect(rows.some((r) => /ERP sync\s+Key Shop\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+\d{4}-\d{2}-\d{2} \d{2}:\d{2}\s+active$/.test(r))).toBe(
    true,
  );
  expect(rows.some((r) => /Other key\s+Other Shop\s+\S+ \S+\s+—\s+active$/.test(r))).toBe(true);
  expect(all.stdout).not.toMatch(/tw_[0-9a-f]{8}_[0-9a-f]{64}/);
  expect(rows.some((r) => /Key Shop\s+.*revoked$/.test(r))).toBe(true);
  const other = await cli('list', '--workspace', 'Other Shop');
  expect(other.stdout.trim().split('\n').slice(1)).toEqual([expect.stringMatching(/^tw_[0-9a-f]{8}\s+Other key\s+Other Shop\s+.*active$/)]);
}, 120_000);

test('mistakes: no workspace, an unknown workspace or prefix, a bad rate limit or name, an unknown action', async () => {
  const cases: [string[], number, RegExp][] = [
    [['create'], 2, /name the workspace the key is for with --workspace NAME/],
    [['create', '--workspace', 'Nope'], 2, /no workspace named "Nope"/],
    [['revoke', 'tw_00000000'], 1, /^tagwright: no API key starts with "tw_00000000"; see `tagwright apikey list` for the prefixes\.\n$/],
    [['revoke'], 2, /give the prefix of the key to revoke/],
    [['create', '--workspace', 'Key Shop', '--rate-limit', 'lots'], 2, /--rate-limit is requests per minute/],
    [['create', '--workspace', 'Key Shop', '--name', '  '], 2, /--name is 1 to 100 characters, not blank/],
    [['list', 'Key Shop'], 2, /unexpected "Key Shop"/],
    [['rotate'], 2, /unknown apikey action "rotate"; use create, revoke or list/],
  ];
  const runs = await Promise.all(cases.map(([args]) => cli(...args)));
  cases.forEach(([, code, message], i) => {
    expect(runs[i]?.stderr).toMatch(message);
    expect(runs[i]?.code).toBe(code);
  });
}, 240_000); // eight CLI runs at once
