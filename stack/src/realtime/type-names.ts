/** Postgres type names by OID, as Supabase Realtime reports them (pg_type.typname: int8, _int4, timestamptz), cached. */
import type { Sql } from '@tagwright/shared/db';

export class TypeNames {
  private readonly names = new Map<number, string>();
  private readonly loading = new Map<number, Promise<void>>();

  constructor(private readonly sql: Sql) {}

  /** The cached name, or undefined when it still has to be loaded. */
  get(oid: number): string | undefined {
    return this.names.get(oid);
  }

  /** Remembers a name the stream told us (pgoutput Type messages for non-built-in types). */
  set(oid: number, name: string): void {
    this.names.set(oid, name);
  }

  /** The OIDs among `oids` that are not cached yet. */
  missing(oids: Iterable<number>): number[] {
    const out = new Set<number>();
    for (const oid of oids) if (!this.names.has(oid)) out.add(oid);
    return [...out];
  }

  /** Loads every OID not cached yet with one query; concurrent calls for the same OIDs share it. */
  load(oids: Iterable<number>): Promise<void> {
    const todo = this.missing(oids);
    const waits = todo.flatMap((oid) => this.loading.get(oid) ?? []);
    const fresh = todo.filter((oid) => !this.loading.has(oid));
    if (fresh.length > 0) {
      const query = this.query(fresh).finally(() => {
        for (const oid of fresh) this.loading.delete(oid);
      });
      for (const oid of fresh) this.loading.set(oid, query);
      waits.push(query);
    }
    return Promise.all(waits).then(() => undefined);
  }

  private async query(oids: number[]): Promise<void> {
    const rows = await this.sql<{ oid: number; typname: string }[]>`
      select oid::int8 as oid, typname from pg_catalog.pg_type where oid = any(${oids}::oid[])`;
    for (const row of rows) this.names.set(Number(row.oid), row.typname);
    // A type dropped since the row was written has no name any more; say so instead of waiting forever.
    for (const oid of oids) if (!this.names.has(oid)) this.names.set(oid, `unknown_type_${oid}`);
  }
}
