/**
 * Playwright global setup: starts `tagwright start` as a user would (own data folder, free ports),
 * waits for its "Sign in" line and hands the URL and the printed demo login to the tests through
 * the environment; the returned teardown stops it (its whole process group).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../stack/src/ports.ts';

const repo = path.resolve(import.meta.dirname, '..');

function waitForLogin(child: ChildProcess, output: () => string): Promise<{ email: string; password: string }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`tagwright start did not get ready in 180 s:\n${output()}`)), 180_000);
    const check = () => {
      const match = /Sign in\s+(\S+)\s+password\s+(\S+)/.exec(output());
      if (match) {
        clearTimeout(timer);
        resolve({ email: match[1] as string, password: match[2] as string });
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tagwright start exited (${code}) before it was ready:\n${output()}`));
    });
  });
}

export default async function startApp(): Promise<() => Promise<void>> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-e2e-'));
  await fs.chmod(dir, 0o755); // as root, Postgres runs as another user who must reach the data folder
  const [db, api, web, shop] = [await freePort(), await freePort(), await freePort(), await freePort()];
  let log = '';
  const child = spawn(
    process.execPath,
    [
      path.join(repo, 'cli/bin/tagwright.mjs'),
      'start',
      '--data-dir',
      path.join(dir, 'data'),
      '--db-port',
      `${db}`,
      '--api-port',
      `${api}`,
      '--port',
      `${web}`,
    ],
    {
      cwd: repo,
      // the Settings spec's webhook receiver listens on 127.0.0.1
      env: { ...process.env, DATABASE_URL: '', TAGWRIGHT_DEMO_SHOP_PORT: `${shop}`, WEBHOOK_ALLOW_HOSTS: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    },
  );
  child.stdout?.on('data', (c: Buffer) => {
    log += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    log += c.toString();
  });
  const login = await waitForLogin(child, () => log);
  process.env.E2E_BASE_URL = `http://127.0.0.1:${web}`;
  process.env.E2E_EMAIL = login.email;
  process.env.E2E_PASSWORD = login.password;
  process.env.E2E_DATABASE_URL = `postgresql://postgres:postgres@127.0.0.1:${db}/postgres`;
  process.env.E2E_DATA_DIR = path.join(dir, 'data');
  process.env.E2E_API_URL = `http://127.0.0.1:${api}`;
  process.env.E2E_SHOP_URL = `http://127.0.0.1:${shop}`;
  await fs.writeFile(path.join(repo, 'test-results', 'e2e-app.log'), '').catch(() => undefined);
  return async () => {
    await fs.mkdir(path.join(repo, 'test-results'), { recursive: true });
    await fs.writeFile(path.join(repo, 'test-results', 'e2e-app.log'), log);
    // what the stack said about Realtime goes into the run's own output, so a flaky live view can be explained from CI's log
    const realtime = log.split('\n').filter((line) => /realtime/i.test(line));
    if (realtime.length > 0) console.log(`tagwright start said about Realtime:\n${realtime.slice(-40).join('\n')}`);
    if (child.pid && child.exitCode === null) {
      process.kill(-child.pid, 'SIGTERM');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
          resolve();
        }, 15_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    await fs.rm(dir, { recursive: true, force: true });
  };
}
