/** The worker's row in public.workers: written at start, refreshed on a timer while alive, stamped stopped on a graceful stop. */
import os from 'node:os';
import type { Sql } from '@tagwright/shared';

export interface PresenceInfo {
  id: string;
  kinds: string[];
  concurrency: number;
  running: number;
}

const VERSION = process.env.npm_package_version ?? null;

export async function announcePresence(sql: Sql, info: PresenceInfo): Promise<void> {
  await sql`
    insert into public.workers (id, hostname, pid, kinds, concurrency, running, version)
    values (${info.id}, ${os.hostname()}, ${process.pid}, ${info.kinds}::text[], ${info.concurrency}, ${info.running}, ${VERSION})
    on conflict (id) do update set hostname = excluded.hostname, pid = excluded.pid, kinds = excluded.kinds,
      concurrency = excluded.concurrency, running = excluded.running, version = excluded.version,
      started_at = now(), last_seen_at = now(), stopped_at = null`;
}

export async function refreshPresence(sql: Sql, id: string, running: number): Promise<void> {
  await sql`update public.workers set last_seen_at = now(), running = ${running} where id = ${id}`;
}

export async function markStopped(sql: Sql, id: string): Promise<void> {
  await sql`update public.workers set stopped_at = now(), running = 0 where id = ${id}`;
}
