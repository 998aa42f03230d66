/**
 * One Deno process serving one function: started with the bootstrap (which makes the function's
 * Deno.serve listen on a free loopback port), ready when it reports that port, its output sent line by
 * line to the stack's log, and stopped with SIGTERM (SIGKILL if it lingers). A process that exits or
 * stays silent before listening is a boot error carrying Deno's first error lines.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { denoExecutable } from './deno-binary.ts';

/** Printed by bootstrap.ts as `<marker> <port>` once Deno.serve listens. */
const LISTENING_MARKER = '__tagwright_function_listening__';
const BOOTSTRAP = fileURLToPath(new URL('./bootstrap.ts', import.meta.url));
const KEPT_LINES = 40;
const STOP_GRACE_MS = 3000;

export class BootError extends Error {
  override readonly name = 'BootError';
  constructor(
    message: string,
    /** Deno's output before it gave up (errors first lines included). */
    readonly output: string[],
  ) {
    super(message);
  }
}

export interface FunctionProcessOptions {
  name: string;
  /** Absolute path of the function's index.ts. */
  entry: string;
  env: Record<string, string>;
  bootTimeoutMs: number;
  log: (line: string) => void;
}

export interface FunctionProcess {
  /** The loopback port once Deno.serve listens; rejects with a BootError. */
  ready: Promise<number>;
  pid: number | undefined;
  /** Settles when the process has exited, for whatever reason. */
  exited: Promise<void>;
  isAlive(): boolean;
  /** The last lines it wrote (both streams), for error replies. */
  recentOutput(): string[];
  stop(): Promise<void>;
}

/** deno.json(c) of the function, else of the functions folder; none means Deno's defaults. */
function configArgs(entry: string): string[] {
  const functionDir = path.dirname(entry);
  for (const dir of [functionDir, path.dirname(functionDir)]) {
    for (const file of ['deno.json', 'deno.jsonc']) {
      const config = path.join(dir, file);
      if (fs.existsSync(config)) return ['--config', config, ...(fs.existsSync(path.join(dir, 'deno.lock')) ? [] : ['--no-lock'])];
    }
  }
  return ['--no-config', '--no-lock'];
}

export function startFunctionProcess(options: FunctionProcessOptions): FunctionProcess {
  const { name, entry, log } = options;
  const args = [
    'run',
    '--allow-net',
    '--allow-env',
    '--allow-read',
    '--no-prompt',
    ...configArgs(entry),
    BOOTSTRAP,
    pathToFileURL(entry).href,
  ];
  const child: ChildProcess = spawn(denoExecutable(), args, {
    cwd: path.dirname(entry),
    env: options.env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const recent: string[] = [];
  let alive = true;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      alive = false;
      log(`functions/${name}: Deno process ${child.pid} exited (${signal ?? `code ${code}`})`);
      resolve();
    });
  });
  const stop = async (): Promise<void> => {
    if (!alive) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
  };

  const ready = new Promise<number>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
    };
    const onLine = (stream: 'stdout' | 'stderr') => (raw: string) => {
      const line = stripVTControlCharacters(raw);
      if (stream === 'stdout' && line.startsWith(`${LISTENING_MARKER} `)) {
        const port = Number(line.slice(LISTENING_MARKER.length + 1));
        settle(() => resolve(port));
        return;
      }
      recent.push(line);
      if (recent.length > KEPT_LINES) recent.shift();
      log(`functions/${name}: ${line}`);
    };
    if (child.stdout) readline.createInterface({ input: child.stdout }).on('line', onLine('stdout'));
    if (child.stderr) readline.createInterface({ input: child.stderr }).on('line', onLine('stderr'));
    const timer = setTimeout(() => {
      settle(() =>
        reject(new BootError(`Function "${name}" did not start listening within ${options.bootTimeoutMs / 1000} s.`, [...recent])),
      );
      void stop();
    }, options.bootTimeoutMs);
    child.once('error', (error) =>
      settle(() => reject(new BootError(`Deno could not be started for function "${name}": ${error.message}`, [...recent]))),
    );
    // 'close' comes after its output streams ended, so every line is in `recent` by then.
    child.once('close', () => settle(() => reject(new BootError(`Function "${name}" failed to boot.`, [...recent]))));
  });

  return { ready, pid: child.pid, exited, isAlive: () => alive, recentOutput: () => [...recent], stop };
}
