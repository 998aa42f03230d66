/** `tagwright start` (what `npm start` runs): stack + dashboard healthy, then Ctrl-C leaves no process behind. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { connect } from '@tagwright/shared';
import { freePort, isPortFree, listMigrations, localDatabaseUrl } from '@tagwright/stack';
import { testPostgres } from '@tagwright/stack/testing';
import { afterAll, expect, test } from 'vitest';
import { postgresPidsFor, runCli } from './run-cli.ts';

let root: string | undefined;
afterAll(() => (root ? fs.rm(root, { recursive: true, force: true }) : undefined));

/** `tagwright start` on free ports with its data in `dataDir`; resolves once it says it is running. */
async function startOnFreePorts(dataDir: string, env: NodeJS.ProcessEnv = {}) {
  const [dbPort, apiPort, webPort, shopPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const run = runCli(['start', '--data-dir', dataDir, '--db-port', `${dbPort}`, '--api-port', `${apiPort}`, '--port', `${webPort}`], {
    TAGWRIGHT_DEMO_SHOP_PORT: `${shopPort}`,
    ...env,
  });
  await run.waitFor(/Tagwright is running/, 60_000);
  return { run, dbPort, apiPort, webPort, shopPort };
}

test('start serves /api/health, the dashboard and the demo, runs a worker; SIGINT stops everything', async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-start-'));
  await fs.chmod(root, 0o755);
  const dataDir = path.join(root, 'data');
  const { run, dbPort, apiPort, webPort, shopPort } = await startOnFreePorts(dataDir);

  const health = await fetch(`http://127.0.0.1:${webPort}/api/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toMatchObject({
    ok: true,
    db: 'ok',
    schema: (await listMigrations()).at(-1)?.version,
    realtime: 'ok',
    storage: 'ok',
  });
  // the dashboard asks who you are first
  const page = await fetch(`http://127.0.0.1:${webPort}/`);
  expect(page.url).toMatch(/\/login\?next=%2F$/);
  expect(await page.text()).toContain('Sign in');
  expect(run.output().stdout).toMatch(/Sign in\s+demo@tagwright\.local\s+password \S+/);

  // the demo: 20 products in the Demo workspace whose pages the demo shop serves
  const sqlDemo = connect(localDatabaseUrl(dbPort), { max: 1 });
  const products = await sqlDemo<{ url: string }[]>`select url from products where sku like 'DEMO-%' order by sku`;
  await sqlDemo.end();
  expect(products).toHaveLength(20);
  expect(products.every((p) => p.url.startsWith(`http://127.0.0.1:${shopPort}/p/demo-`))).toBe(true);
  expect(await (await fetch(products[0]?.url ?? '')).text()).toContain('application/ld+json');

  // its worker runs a job inserted by plain SQL into the demo workspace
  const sql = connect(localDatabaseUrl(dbPort), { max: 1 });
  const [job] = await sql`insert into jobs (workspace_id, kind, params)
    values ('00000000-0000-4000-8000-000000000001', 'noop', '{"sleep_ms": 10}') returning id`;
  await expect
    .poll(async () => (await sql`select status from jobs where id = ${job?.id}`)[0]?.status, { timeout: 10_000 })
    .toBe('succeeded');
  await sql.end();
  // the worker that ran it is one health counts
  const seen = (await (await fetch(`http://127.0.0.1:${webPort}/api/health`)).json()) as { workers: { seen: number } };
  expect(seen.workers.seen).toBe(1);

  run.child.kill('SIGINT');
  expect(await run.exited).toBe(0);
  expect(await postgresPidsFor(dataDir)).toEqual([]);
  for (const port of [dbPort, apiPort, webPort, shopPort]) expect(await isPortFree(port)).toBe(true);
}, 120_000);

test('start stops everything with a clear error when its Postgres dies', async () => {
  const dataDir = path.join(root ?? os.tmpdir(), 'data2');
  const { run, webPort } = await startOnFreePorts(dataDir);
  for (const pid of await postgresPidsFor(dataDir)) process.kill(pid, 'SIGKILL');
  expect(await run.exited).toBe(1);
  expect(run.output().stderr).toMatch(/tagwright: Postgres exited .*stopping everything/);
  expect(await isPortFree(webPort)).toBe(true);
}, 90_000);

test('with DATABASE_URL, start uses that database; health turns 503 with the reason when it goes away', async () => {
  const db = await testPostgres();
  const { run, webPort } = await startOnFreePorts(path.join(root ?? os.tmpdir(), 'data3'), { DATABASE_URL: db.url });
  try {
    expect(await postgresPidsFor(path.join(root ?? os.tmpdir(), 'data3'))).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${webPort}/api/health`)).status).toBe(200);
    await db.stop();
    const res = await fetch(`http://127.0.0.1:${webPort}/api/health`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { ok: boolean; db: string };
    expect(body).toMatchObject({ ok: false, schema: null });
    expect(body.db).toMatch(/^error: /);
  } finally {
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  }
}, 90_000);
