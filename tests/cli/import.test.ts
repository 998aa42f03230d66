/** `tagwright import` as a user runs it: a CSV into a named workspace, the JSON summary last, row errors listed, bad input refused. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCli } from './run-cli.ts';

let db: TestPostgres;
let dir: string;
beforeAll(async () => {
  db = await testPostgres();
  await db.sql`insert into workspaces (name) values ('Shop CLI')`;
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-cli-import-'));
});
afterAll(async () => {
  await db?.stop();
  await fs.rm(dir, { recursive: true, force: true });
});

async function importFile(args: string[]) {
  const run = runCli(['import', ...args], { DATABASE_URL: db.url });
  const code = await run.exited;
  const { stdout, stderr } = run.output();
  return { code, stdout, stderr, last: JSON.parse(stdout.trim().split('\n').at(-1) ?? 'null') as Record<string, unknown> };
}

test('imports a CSV and prints the JSON summary as the last line; row errors are listed and set the exit code', async () => {
  const file = path.join(dir, 'list.csv');
  await fs.writeFile(file, 'SKU,Name,Price\nA-1,One,1.00\nA-2,Two,oops\n');
  const { code, last, stderr } = await importFile([file, '--workspace', 'Shop CLI']);
  expect(last).toMatchObject({ rows: 2, imported: 1, errors: 1, import_id: expect.stringMatching(/^[0-9a-f-]{36}$/) });
  expect(stderr).toMatch(/row 3, column C \(Price\): "oops" is not a price/);
  expect(code).toBe(1);
  const [p] = await db.sql<{ name: string }[]>`select name from products where sku = 'A-1'`;
  expect(p?.name).toBe('One');
});

test('a file that cannot be imported: one clear line, the failed import in the summary, exit 1', async () => {
  const file = path.join(dir, 'empty.csv');
  await fs.writeFile(file, '');
  const { code, last, stderr } = await importFile([file, '--workspace', 'Shop CLI']);
  expect(code).toBe(1);
  expect(stderr).toMatch(/tagwright: empty\.csv is empty/);
  expect(last).toMatchObject({ imported: 0, error: expect.stringMatching(/is empty/) });
});

test('bad command lines are refused with the usage', async () => {
  const none = runCli(['import'], { DATABASE_URL: db.url });
  expect(await none.exited).toBe(2);
  expect(none.output().stderr).toMatch(/give the spreadsheet to import/);
  const unknown = await runCli(['import', path.join(dir, 'x.csv'), '--workspace', 'Nope'], { DATABASE_URL: db.url });
  expect(await unknown.exited).toBe(2);
  expect(unknown.output().stderr).toMatch(/no workspace named "Nope"/);
});
