/** Postgres refuses to run as root: as root we run it as the `postgres` system user, creating it if needed. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { StackError } from '../errors.ts';

const run = promisify(execFile);

export interface ProcessIds {
  uid?: number;
  gid?: number;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

async function lookup(): Promise<ProcessIds | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined; // no such user yet
  }
}

/** The uid/gid to run Postgres as: none (ourselves) unless we are root. */
export async function postgresProcessIds(): Promise<ProcessIds> {
  if (!isRoot()) return {};
  const found = await lookup();
  if (found) return found;
  try {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres']);
  } catch (cause) {
    throw new StackError(
      'Running as root, Postgres needs a `postgres` system user and creating it failed; run `useradd --system --user-group postgres` or start as a normal user.',
      { cause },
    );
  }
  const created = await lookup();
  if (!created) throw new StackError('Created the `postgres` user but cannot look it up; check /etc/passwd.');
  return created;
}
