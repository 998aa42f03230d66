/**
 * Row-level security for realtime: may these claims SELECT the changed row? Checked the way each
 * user would read it (their role and request.jwt.claims, by primary key), for every distinct set of
 * claims in one database call per change, through a checker function generated per table
 * (stack/sql/realtime-rls.sql). Tables without RLS and the service role need no check.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { JwtClaims, Sql } from '@tagwright/shared';
import { repoRoot } from '../migrate.ts';

interface TableSecurity {
  rls: boolean;
  /** In the key's own column order. */
  primaryKey: { name: string; type: string }[];
  /** The generated checker function (tagwright_realtime.<name>), once made. */
  checker: string | undefined;
  checkedAt: number;
}

const TTL_MS = 5000;

export class RlsChecker {
  private readonly tables = new Map<string, TableSecurity>();

  constructor(private readonly sql: Sql) {}

  /** Creates (or updates) the database functions the checks use; run once at start. */
  async install(): Promise<void> {
    const body = await fs.readFile(path.join(repoRoot, 'stack/sql/realtime-rls.sql'), 'utf8');
    await this.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext('tagwright_realtime.install'))`;
      await tx.unsafe(body);
    });
    this.tables.clear();
  }

  /** Whether the table has RLS on, and its primary key (looked up again every few seconds). */
  async tableSecurity(schema: string, table: string): Promise<TableSecurity> {
    const key = `${schema}.${table}`;
    const cached = this.tables.get(key);
    if (cached && Date.now() - cached.checkedAt < TTL_MS) return cached;
    const rows = await this.sql<{ rls: boolean; name: string | null; type: string | null }[]>`
      select c.relrowsecurity as rls, a.attname as name, t.typname as type
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      left join pg_index i on i.indrelid = c.oid and i.indisprimary
      left join pg_attribute a on a.attrelid = c.oid and a.attnum = any (i.indkey)
      left join pg_type t on t.oid = a.atttypid
      where n.nspname = ${schema} and c.relname = ${table}
      order by array_position(i.indkey::int2[], a.attnum)`;
    const primaryKey = rows.filter((r) => r.name && r.type).map((r) => ({ name: r.name ?? '', type: r.type ?? '' }));
    // A checker made for another key (the key was altered) is made again.
    const sameKey = cached && JSON.stringify(cached.primaryKey) === JSON.stringify(primaryKey);
    const security: TableSecurity = {
      rls: rows[0]?.rls ?? false,
      primaryKey,
      checker: sameKey ? cached.checker : undefined,
      checkedAt: Date.now(),
    };
    this.tables.set(key, security);
    return security;
  }

  /**
   * For each claim set: may it read the row whose primary key values are in `record`, as written by
   * transaction `xid`? Postgres writes a commit to WAL (and so to the change stream) before it makes
   * the transaction visible, and waits for a synchronous standby in between: read before then, the
   * row isn't there and a change the user may see would be dropped. So the check runs only once the
   * transaction is visible (the same statement asks, so it costs no extra round trip), and waits
   * for it otherwise.
   */
  async visibleTo(
    schema: string,
    table: string,
    change: { record: Record<string, unknown>; xid: number },
    claims: JwtClaims[],
  ): Promise<boolean[]> {
    const security = await this.tableSecurity(schema, table);
    if (!security.rls) return claims.map(() => true);
    const values = security.primaryKey.map((k) => change.record[k.name]);
    // No way to name the row: deliver nothing rather than too much.
    if (values.length === 0 || values.some((v) => v === null || v === undefined)) return claims.map((c) => c.role === 'service_role');
    if (!security.checker) {
      const [made] = await this.sql<{ name: string }[]>`
        select tagwright_realtime.checker_for(${`${quoteIdent(schema)}.${quoteIdent(table)}`}::regclass) as name`;
      security.checker = made?.name;
    }
    const started = Date.now();
    for (let pause = 1; ; pause = Math.min(pause * 2, 50)) {
      // pgoutput gives the 32-bit xid; its epoch is xmax's, or the one before when xmax has wrapped past it
      const [row] = await this.sql<{ visible: boolean[] | null }[]>`
        select case when pg_visible_in_snapshot(
            (greatest(0, (pg_snapshot_xmax(s)::text::bigint >> 32)
              - (case when ${change.xid}::bigint >= (pg_snapshot_xmax(s)::text::bigint & 4294967295) then 1 else 0 end)) << 32
              | ${change.xid}::bigint)::text::xid8, s)
          then ${this.sql('tagwright_realtime')}.${this.sql(security.checker ?? '')}(
            ${claims.map((c) => JSON.stringify(c))}::text[]::jsonb[], ${values.map(String)}::text[])
          end as visible
        from pg_current_snapshot() s`;
      if (row?.visible) return row.visible;
      if (Date.now() - started > VISIBLE_WAIT_MS)
        throw new Error(`transaction ${change.xid} was streamed as committed but is still not visible after ${VISIBLE_WAIT_MS / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }
}

/** How long a streamed commit may take to become visible (e.g. a synchronous standby slow to confirm). */
const VISIBLE_WAIT_MS = 30_000;

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
