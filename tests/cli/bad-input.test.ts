/** Bad configuration gives one clear line on stderr and a non-zero exit, never a stack trace or a hang. */
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '@tagwright/stack';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { runCliToEnd } from './run-cli.ts';

let root: string;
beforeAll(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-bad-'));
  await fs.chmod(root, 0o755);
});
afterAll(() => fs.rm(root, { recursive: true, force: true }));

async function stackStart(dataDir: string, env: NodeJS.ProcessEnv = {}, extra: string[] = []) {
  const args = [
    'stack',
    'start',
    '--data-dir',
    dataDir,
    '--db-port',
    String(await freePort()),
    '--api-port',
    String(await freePort()),
    ...extra,
  ];
  return runCliToEnd(args, env);
}

function expectOneClearLine(result: { code: number | null; stderr: string }, pattern: RegExp) {
  expect(result.code).not.toBe(0);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^tagwright: /);
  expect(lines[0]).toMatch(pattern);
}

test('malformed DATABASE_URL', async () => {
  const result = await runCliToEnd(['migrate'], { DATABASE_URL: 'mysql://root:hunter2@db/x' });
  expectOneClearLine(result, /DATABASE_URL must start with postgresql:\/\//);
  expect(result.stderr).not.toContain('hunter2');
});

test('DATABASE_URL that is not a URL at all', async () => {
  const result = await runCliToEnd(['migrate'], { DATABASE_URL: 'localhost:5432' });
  expectOneClearLine(result, /DATABASE_URL/);
});

test('database port already in use', async () => {
  const blocker = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => blocker.once('listening', r));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    const result = await runCliToEnd(['stack', 'start', '--data-dir', path.join(root, 'busy'), '--db-port', String(port)]);
    expectOneClearLine(result, new RegExp(`Port ${port} is already in use.*--db-port`));
  } finally {
    blocker.close();
  }
});

test('API port already in use', async () => {
  const blocker = net.createServer().listen(0, '127.0.0.1');
  await new Promise((r) => blocker.once('listening', r));
  const port = (blocker.address() as net.AddressInfo).port;
  try {
    const result = await runCliToEnd([
      'stack',
      'start',
      '--data-dir',
      path.join(root, 'busy-api'),
      '--db-port',
      String(await freePort()),
      '--api-port',
      String(port),
    ]);
    expectOneClearLine(result, new RegExp(`Port ${port} is already in use.*--api-port`));
  } finally {
    blocker.close();
  }
});

test('data folder made by another Postgres major version', async () => {
  const dataDir = path.join(root, 'old');
  await fs.mkdir(path.join(dataDir, 'postgres', 'base'), { recursive: true });
  await fs.writeFile(path.join(dataDir, 'postgres', 'PG_VERSION'), '15\n');
  const result = await stackStart(dataDir);
  expectOneClearLine(result, /made by PostgreSQL 15, but this stack runs PostgreSQL 18/);
});

test('data folder that holds something else', async () => {
  const dataDir = path.join(root, 'other');
  await fs.mkdir(path.join(dataDir, 'postgres'), { recursive: true });
  await fs.writeFile(path.join(dataDir, 'postgres', 'notes.txt'), 'mine');
  const result = await stackStart(dataDir);
  expectOneClearLine(result, /holds no Postgres cluster/);
});

test('data folder that cannot be written', async () => {
  const file = path.join(root, 'a-file');
  await fs.writeFile(file, '');
  const result = await stackStart(path.join(file, 'data'));
  expectOneClearLine(result, /is not writable.*--data-dir/);
});

test.runIf(process.getuid?.() === 0)('as root, a data folder the postgres user cannot reach', async () => {
  const locked = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-locked-'));
  await fs.chmod(locked, 0o700);
  try {
    const result = await stackStart(path.join(locked, 'data'));
    expectOneClearLine(result, /cannot use the data folder.*postgres user/);
  } finally {
    await fs.rm(locked, { recursive: true, force: true });
  }
});

test('bad port number', async () => {
  const result = await runCliToEnd(['stack', 'start', '--db-port', '99999']);
  expectOneClearLine(result, /--db-port must be a whole number 1-65535/);
});

test('unknown command and unknown flag', async () => {
  const unknown = await runCliToEnd(['frobnicate']);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/unknown command "frobnicate"/);
  const flag = await runCliToEnd(['stack', 'start', '--nope']);
  expect(flag.code).toBe(2);
  expect(flag.stderr).toMatch(/Unknown option '--nope'/);
});
