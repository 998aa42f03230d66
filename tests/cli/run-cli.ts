/** Runs the real `tagwright` binary as a user would, for CLI tests. */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '@tagwright/stack';

export const cliPath = path.join(repoRoot, 'cli/bin/tagwright.mjs');

export interface CliRun {
  child: ChildProcess;
  output(): { stdout: string; stderr: string };
  /** Resolves when a line matching `pattern` appears on stdout. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<number | null>;
}

const alive = new Set<ChildProcess>();
// A failed or timed-out test must not leave workers or stacks running after the test process ends.
process.once('exit', () => {
  for (const child of alive) child.kill('SIGTERM'); // graceful: it stops its own children too
});

/** `cwd` defaults to the repo; `cleanEnv` starts from an empty environment (plus PATH) instead of this process's. */
export function runCli(args: string[], env: NodeJS.ProcessEnv = {}, options: { cwd?: string; cleanEnv?: boolean } = {}): CliRun {
  const base = options.cleanEnv ? { PATH: process.env.PATH, NODE_EXTRA_CA_CERTS: process.env.NODE_EXTRA_CA_CERTS } : process.env;
  const child = spawn(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...base, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  alive.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      alive.delete(child);
      resolve(code);
    }),
  );
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`timed out waiting for ${pattern}; stdout: ${stdout}\nstderr: ${stderr}`)),
          timeoutMs,
        );
        const check = () => {
          const match = pattern.exec(stdout);
          if (match) {
            clearTimeout(timer);
            child.stdout?.off('data', check);
            resolve(match[0]);
          }
        };
        child.stdout?.on('data', check);
        exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`tagwright exited (${code}) before ${pattern}; stdout: ${stdout}\nstderr: ${stderr}`));
        });
        check();
      });
    },
  };
}

/** Runs to completion; returns exit code and output. */
export async function runCliToEnd(args: string[], env: NodeJS.ProcessEnv = {}) {
  const run = runCli(args, env);
  const code = await run.exited;
  return { code, ...run.output() };
}

/** Pids of Postgres servers whose command line names `dataDir`. */
export async function postgresPidsFor(dataDir: string): Promise<number[]> {
  const fs = await import('node:fs/promises');
  const pids: number[] = [];
  for (const entry of await fs.readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await fs.readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('postgres') && cmdline.includes(dataDir)) pids.push(Number(entry));
  }
  return pids;
}
