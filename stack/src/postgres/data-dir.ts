/** Checks and prepares a Postgres data folder: right major version, writable, owned by the user Postgres runs as. */
import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { StackError } from '../errors.ts';
import type { ProcessIds } from './os-user.ts';

const run = promisify(execFile);

export const POSTGRES_MAJOR = 18;

export type DataDirState = 'empty' | 'cluster';

/** Tells whether `dir` holds a cluster of our major version, or nothing yet; refuses anything else. */
export async function inspectDataDir(dir: string): Promise<DataDirState> {
  let entries: string[];
  try {
    entries = await fs.readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'empty';
    throw notWritable(dir, error);
  }
  if (entries.length === 0) return 'empty';
  if (!entries.includes('PG_VERSION')) {
    throw new StackError(`The data folder ${dir} is not empty and holds no Postgres cluster; pass another --data-dir or empty it.`);
  }
  const version = (await fs.readFile(path.join(dir, 'PG_VERSION'), 'utf8')).trim();
  if (version !== String(POSTGRES_MAJOR)) {
    throw new StackError(
      `The data folder ${dir} was made by PostgreSQL ${version}, but this stack runs PostgreSQL ${POSTGRES_MAJOR}; move it away (or dump and restore it) or pass another --data-dir.`,
    );
  }
  return 'cluster';
}

/** Creates `dir` (mode 0700, as Postgres requires) and hands it to the Postgres user; clear error when not writable. */
export async function prepareDataDir(dir: string, ids: ProcessIds): Promise<void> {
  const parent = path.dirname(dir);
  try {
    await fs.mkdir(parent, { recursive: true });
    await fs.access(parent, constants.W_OK);
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    await fs.chmod(dir, 0o700);
    if (ids.uid !== undefined && ids.gid !== undefined) await fs.chown(dir, ids.uid, ids.gid);
  } catch (error) {
    throw notWritable(dir, error);
  }
}

function notWritable(dir: string, error: unknown): StackError {
  const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new StackError(`The data folder ${dir} is not writable (${reason}); pass --data-dir with a folder you can write.`);
}

/** Copies a stopped cluster (a template) to a new folder, owned by the Postgres user. */
export async function copyCluster(from: string, to: string, ids: ProcessIds): Promise<void> {
  // `cp -a` keeps modes and owners and is several times faster than fs.cp on a cluster's ~1,000 files.
  await run('cp', ['-a', from, to]);
  if (ids.uid !== undefined && ids.gid !== undefined) await run('chown', ['-R', `${ids.uid}:${ids.gid}`, to]);
}
