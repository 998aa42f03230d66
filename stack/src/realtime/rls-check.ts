/**
 * Row-level security for realtime: may these claims SELECT the changed row? Checked the way the
 * user would read it (role + request.jwt.claims in a transaction, by primary key), once per distinct
 * set of claims per change. Tables without RLS and the service role need no check.
 */
import { type JwtClaims, type Sql, withClaims } from '@tagwright/shared';

interface TableSecurity {
  rls: boolean;
  primaryKey: { name: string; type: string }[];
  checkedAt: number;
}

const TTL_MS = 5000;

export class RlsChecker {
  private readonly tables = new Map<string, TableSecurity>();

  constructor(private readonly sql: Sql) {}

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
      where n.nspname = ${schema} and c.relname = ${table}`;
    const security: TableSecurity = {
      rls: rows[0]?.rls ?? false,
      primaryKey: rows.filter((r) => r.name && r.type).map((r) => ({ name: r.name ?? '', type: r.type ?? '' })),
      checkedAt: Date.now(),
    };
    this.tables.set(key, security);
    return security;
  }

  /** True when `claims` may read the row whose primary key values are in `record`. */
  async canSee(schema: string, table: string, record: Record<string, unknown>, claims: JwtClaims): Promise<boolean> {
    if (claims.role === 'service_role') return true;
    const security = await this.tableSecurity(schema, table);
    if (!security.rls) return true;
    if (security.primaryKey.length === 0) return false; // no way to name the row: deliver nothing rather than too much
    const sql = this.sql;
    return withClaims(sql, claims, async (tx) => {
      let where = tx`true`;
      for (const { name, type } of security.primaryKey) {
        const value = record[name];
        if (value === null || value === undefined) return false;
        where = tx`${where} and ${tx(name)} = ${String(value)}::${tx.unsafe(quoteIdent(type))}`;
      }
      const [row] = await tx`select exists (select 1 from ${tx(schema)}.${tx(table)} where ${where}) as visible`;
      return row?.visible === true;
    });
  }
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
