/** `tagwright stack start`: prints the env once ready, serves a real database, and Ctrl-C leaves nothing behind. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClient } from '@supabase/supabase-js';
import { connect, schemaVersion } from '@tagwright/shared';
import { freePort, listMigrations } from '@tagwright/stack';
import { afterAll, expect, test } from 'vitest';
import WebSocket from 'ws';
import { postgresPidsFor, runCli } from './run-cli.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await fs.rm(dir, { recursive: true, force: true });
});

async function tempDataDir(): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-cli-'));
  await fs.chmod(dir, 0o755);
  dirs.push(dir);
  return path.join(dir, 'data');
}

test('stack start prints DATABASE_URL, SUPABASE_URL and both keys, then ready; SIGINT stops Postgres', async () => {
  const dataDir = await tempDataDir();
  const [dbPort, apiPort] = [await freePort(), await freePort()];
  const run = runCli(['stack', 'start', '--data-dir', dataDir, '--db-port', String(dbPort), '--api-port', String(apiPort)]);
  await run.waitFor(/^ready$/m);
  const env = Object.fromEntries(
    run
      .output()
      .stdout.split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  expect(Object.keys(env)).toEqual(['DATABASE_URL', 'SUPABASE_URL', 'SUPABASE_ANON_KEY', 'SUPABASE_SERVICE_ROLE_KEY']);
  expect(env.DATABASE_URL).toBe(`postgresql://postgres:postgres@127.0.0.1:${dbPort}/postgres`);
  expect(env.SUPABASE_URL).toBe(`http://127.0.0.1:${apiPort}`);
  const [, payload] = (env.SUPABASE_ANON_KEY ?? '').split('.');
  expect(JSON.parse(Buffer.from(payload ?? '', 'base64url').toString())).toMatchObject({ role: 'anon' });

  const sql = connect(env.DATABASE_URL ?? '', { max: 1 });
  expect(await schemaVersion(sql)).toBe((await listMigrations()).at(-1)?.version);
  const [demo] = await sql`select name from workspaces where id = '00000000-0000-4000-8000-000000000001'`;
  expect(demo?.name).toBe('Demo');
  await sql.end();
  expect((await fetch(`${env.SUPABASE_URL}/health`)).status).toBe(200);

  // supabase-js gets live row changes from the stack's Realtime
  const client = createClient(env.SUPABASE_URL ?? '', env.SUPABASE_SERVICE_ROLE_KEY ?? '', {
    auth: { persistSession: false },
    realtime: { transport: WebSocket as never },
  });
  const names: string[] = [];
  await new Promise<void>((resolve, reject) =>
    client
      .channel('ws')
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'imports' }, (p) =>
        names.push((p.new as { file_name: string }).file_name),
      )
      .subscribe((status, error) => (status === 'SUBSCRIBED' ? resolve() : status === 'CHANNEL_ERROR' ? reject(error) : undefined)),
  );
  const writer = connect(env.DATABASE_URL ?? '', { max: 1 });
  await writer`insert into imports (workspace_id, file_name) values ('00000000-0000-4000-8000-000000000001', 'live.xlsx')`;
  await writer.end();
  await expect.poll(() => names, { timeout: 5000 }).toEqual(['live.xlsx']);
  await client.removeAllChannels();
  expect(await postgresPidsFor(dataDir)).not.toEqual([]);

  run.child.kill('SIGINT');
  expect(await run.exited).toBe(0);
  expect(await postgresPidsFor(dataDir)).toEqual([]);
});

test('a second start on the same folder reuses the cluster and keys', async () => {
  const dataDir = await tempDataDir();
  const args = ['stack', 'start', '--data-dir', dataDir, '--db-port', String(await freePort()), '--api-port', String(await freePort())];
  const keys: string[] = [];
  for (let i = 0; i < 2; i++) {
    const run = runCli(args);
    await run.waitFor(/^ready$/m);
    keys.push(/SUPABASE_SERVICE_ROLE_KEY=(.*)/.exec(run.output().stdout)?.[1] ?? '');
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  }
  expect(keys[0]).toMatch(/^ey/);
  expect(keys[1]).toBe(keys[0]);
});
