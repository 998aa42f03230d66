/** Turns decoded pgoutput row messages into the row changes the realtime layer sends (values stay Postgres text). */
import type { Delete, Insert, Relation, TupleValue, Update } from './decode.ts';

export type ChangeType = 'INSERT' | 'UPDATE' | 'DELETE';

/** A row as column name → Postgres text representation (null stays null). */
export type Row = Record<string, string | null>;

export interface ColumnInfo {
  name: string;
  /** pg_type.typname, as Supabase reports it: 'int8', 'text', 'uuid', 'jsonb', 'timestamptz', '_int4'. */
  type: string;
}

export interface Change {
  schema: string;
  table: string;
  type: ChangeType;
  /** Commit time as Supabase sends it: ISO 8601, milliseconds, 'Z'. */
  commitTimestamp: string;
  columns: ColumnInfo[];
  /** The new row for INSERT and UPDATE, without the columns in unchangedToast; {} for DELETE. */
  record: Row;
  /**
   * What the replica identity gives: the whole old row with REPLICA IDENTITY FULL; otherwise the key
   * columns on DELETE, and on UPDATE only when the key changed ({} when it did not).
   */
  oldRecord: Row;
  /** Columns whose (large, TOASTed) value did not change and was not sent; they are left out of record. */
  unchangedToast: string[];
  /** Commit LSN of the transaction: the same for all its changes, increasing in commit order. */
  lsn: string;
  /** The transaction's id (32-bit, as pgoutput sends it): to wait until other sessions can see its rows. */
  xid: number;
}

/** What a change knows about its transaction. */
export interface CommitInfo {
  commitTimestamp: string;
  lsn: string;
  xid: number;
}

const PG_EPOCH_MS = 946_684_800_000n; // 2000-01-01T00:00:00Z

/** Postgres commit time (µs since 2000) → ISO string, truncated to milliseconds like Supabase's to_char(…'MS'). */
export function commitTimestamp(commitTimeUs: bigint): string {
  // The instant is exact in whole milliseconds, so Date only formats it here; no precision is lost.
  return new Date(Number(commitTimeUs / 1000n + PG_EPOCH_MS)).toISOString();
}

export function toChange(
  relation: Relation,
  message: Insert | Update | Delete,
  typeName: (oid: number) => string,
  commit: CommitInfo,
): Change {
  const columns = relation.columns.map((c) => ({ name: c.name, type: typeName(c.typeOid) }));
  const base = { schema: relation.schema, table: relation.table, columns, ...commit };
  if (message.tag === 'insert') {
    const { row, unchanged } = toRow(relation, message.newTuple);
    return { ...base, type: 'INSERT', record: row, oldRecord: {}, unchangedToast: unchanged };
  }
  if (message.tag === 'update') {
    const old = message.oldTuple ? toRow(relation, message.oldTuple, message.oldKind === 'K').row : {};
    const { row, unchanged } = toRow(relation, message.newTuple);
    // With the whole old row at hand (REPLICA IDENTITY FULL), an unchanged value is the old one.
    const stillMissing = unchanged.filter((name) => {
      const value = old[name];
      if (message.oldKind !== 'O' || value === undefined) return true;
      row[name] = value;
      return false;
    });
    return { ...base, type: 'UPDATE', record: row, oldRecord: old, unchangedToast: stillMissing };
  }
  const old = toRow(relation, message.oldTuple, message.oldKind === 'K').row;
  return { ...base, type: 'DELETE', record: {}, oldRecord: old, unchangedToast: [] };
}

/** A tuple as a row; `keyOnly` keeps just the replica identity columns (the others are sent as null). */
function toRow(relation: Relation, tuple: TupleValue[], keyOnly = false): { row: Row; unchanged: string[] } {
  const row: Row = {};
  const unchanged: string[] = [];
  relation.columns.forEach((column, i) => {
    if ((keyOnly && !column.isKey) || i >= tuple.length) return;
    const value = tuple[i];
    if (value === undefined) unchanged.push(column.name);
    else row[column.name] = value;
  });
  return { row, unchanged };
}
