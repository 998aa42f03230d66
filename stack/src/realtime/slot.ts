/** Our replication slots: a TEMPORARY pgoutput slot per stream (gone with its session) and clean-up of stale ones. */
import { randomBytes } from 'node:crypto';
import type { Sql } from '@tagwright/shared/db';
import type { LogicalReplicationService } from 'pg-logical-replication';
import { describeError } from './recoverable.ts';

export const SLOT_PREFIX = 'tagwright_realtime_';

/** The library's output plugin contract (its AbstractPlugin base class is not exported). */
type OutputPlugin = Parameters<LogicalReplicationService['subscribe']>[0];
type ReplicationClient = Parameters<OutputPlugin['start']>[0];

export function newSlotName(): string {
  return `${SLOT_PREFIX}${process.pid}_${randomBytes(4).toString('hex')}`;
}

/** Drops our slots that no session uses (left by a crash of an older version that used permanent ones). */
export async function dropStaleSlots(sql: Sql, log: (line: string) => void): Promise<void> {
  const stale = await sql<{ slot_name: string }[]>`
    select slot_name from pg_replication_slots
    where slot_name like ${`${SLOT_PREFIX.replaceAll('_', '\\_')}%`} and not active and database = current_database()`;
  for (const { slot_name } of stale) {
    try {
      await sql`select pg_drop_replication_slot(${slot_name})`;
      log(`dropped stale replication slot ${slot_name}`);
    } catch (error) {
      // Another process may have just taken it; it is then not stale.
      log(`could not drop stale replication slot ${slot_name}: ${describeError(error)}`);
    }
  }
}

/** Resolves once none of `slot` is left (the server drops a temporary slot as its session ends). */
export async function waitForSlotGone(sql: Sql, slot: string, timeoutMs = 5000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from pg_replication_slots where slot_name = ${slot}`;
    if (row?.n === 0) return true;
    await new Promise((r) => setTimeout(r, 10));
  }
  return false;
}

export interface SlotOptions {
  publication: string;
  onNotice: (line: string) => void;
}

/**
 * pgoutput (protocol 1) on a TEMPORARY slot created on the same replication session right before
 * streaming. Messages are passed on undecoded: decoding happens in our handler, where an error is caught.
 */
export class TemporarySlotPgoutput implements OutputPlugin {
  /** Where the slot starts: every transaction committing after it is streamed. */
  consistentPoint: string | undefined;

  constructor(readonly options: SlotOptions) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(options.publication))
      throw new Error(`Publication name "${options.publication}" is not a plain identifier; use letters, digits and _.`);
  }

  get name(): string {
    return 'pgoutput';
  }

  parse(buffer: Buffer): Buffer {
    return buffer;
  }

  async start(client: ReplicationClient, slotName: string): Promise<unknown> {
    client.on('notice', (notice) => this.options.onNotice(`${notice.severity ?? 'NOTICE'}: ${notice.message}`));
    const created = await client.query(`CREATE_REPLICATION_SLOT "${slotName}" TEMPORARY LOGICAL pgoutput NOEXPORT_SNAPSHOT`);
    this.consistentPoint = (created.rows[0] as { consistent_point?: string } | undefined)?.consistent_point;
    return client.query(
      `START_REPLICATION SLOT "${slotName}" LOGICAL 0/0 (proto_version '1', publication_names '"${this.options.publication}"')`,
    );
  }
}
