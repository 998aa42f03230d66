/**
 * `npm start` to a healthy dashboard: first start on an empty data folder (initdb, migrations, seed
 * included) and a second start on the same folder. Prints one JSON line. Target: first ≤ 15 s.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, repoRoot } from '../stack/src/index.ts';
import { treeRssMb } from './process-tree.ts';

async function startOnce(dataDir: string): Promise<{ seconds: number; rssMb: number }> {
  const [db, api, web] = [await freePort(), await freePort(), await freePort()];
  const args = ['cli/bin/tagwright.mjs', 'start', '--data-dir', dataDir, '--db-port', `${db}`, '--api-port', `${api}`, '--port', `${web}`];
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: 'ignore', env: { ...process.env, DATABASE_URL: '' } });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${web}/api/health`)
        .then((r) => r.ok)
        .catch(() => false);
      if (ok) break;
      if (performance.now() - started > 120_000) throw new Error('not healthy within 120 s');
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    return { seconds, rssMb: await treeRssMb(child.pid ?? 0) };
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}

const root = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-bench-'));
await fs.chmod(root, 0o755);
try {
  const dataDir = path.join(root, 'data');
  const first = await startOnce(dataDir);
  const second = await startOnce(dataDir);
  console.log(
    JSON.stringify({
      bench: 'start_to_healthy',
      first_start_s: Number(first.seconds.toFixed(2)),
      warm_start_s: Number(second.seconds.toFixed(2)),
      rss_mb_at_healthy: first.rssMb,
      target_s: 15,
      cores: os.availableParallelism(),
    }),
  );
} finally {
  await fs.rm(root, { recursive: true, force: true });
}
