/**
 * Keeps a client-side copy of rows consistent with the database while both a snapshot and live
 * changes arrive, in any order: a row is replaced only by a version at least as new (updated_at),
 * a deletion wins over anything older, and rows come out in a stable order. Pure, so it is tested
 * without a browser.
 */

export interface Versioned {
  id: string | number;
  updated_at?: string | null;
  created_at?: string | null;
}

export interface RowSet<T extends Versioned> {
  rows: Map<string, T>;
  /** Deleted ids with when we learnt it, so an older snapshot can't bring them back. */
  deleted: Map<string, string>;
}

export function emptyRows<T extends Versioned>(): RowSet<T> {
  return { rows: new Map(), deleted: new Map() };
}

const versionOf = (row: Versioned) => row.updated_at ?? row.created_at ?? '';

/** Timestamps from Postgres ("2026-11-26 21:00:00.123456+00") and from JSON ("…T…Z") compare as instants, to the microsecond. */
export function instant(value: string): bigint {
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}(?::?\d{2})?)?$/.exec(value.trim());
  if (!match) return 0n;
  const [, date, time, fraction = '', zone = 'Z'] = match;
  const offset =
    zone === 'Z' ? '+00:00' : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${date}T${time}${offset}`);
  return BigInt(ms) * 1000n + BigInt(fraction.padEnd(6, '0').slice(0, 6));
}

/** Applies one row (from a snapshot or a change). Returns whether anything changed. */
export function upsertRow<T extends Versioned>(set: RowSet<T>, row: T): boolean {
  const key = String(row.id);
  const version = versionOf(row);
  const gone = set.deleted.get(key);
  if (gone !== undefined && instant(version) <= instant(gone)) return false;
  const current = set.rows.get(key);
  if (current && instant(versionOf(current)) > instant(version)) return false;
  set.rows.set(key, row);
  return true;
}

/** Applies a deletion seen at `at` (the change's commit time). */
export function deleteRow<T extends Versioned>(set: RowSet<T>, id: string | number, at: string): boolean {
  const key = String(id);
  set.deleted.set(key, at);
  return set.rows.delete(key);
}

/** Merges a whole snapshot. */
export function mergeSnapshot<T extends Versioned>(set: RowSet<T>, rows: T[]): number {
  let changed = 0;
  for (const row of rows) if (upsertRow(set, row)) changed++;
  return changed;
}

/** The rows sorted by `compare` (default: newest created first, then id). */
export function sortedRows<T extends Versioned>(set: RowSet<T>, compare?: (a: T, b: T) => number): T[] {
  // snapshots give Postgres text, Realtime ISO: compare instants, not strings
  const byCreated = (a: T, b: T) => {
    const diff = instant(b.created_at ?? '') - instant(a.created_at ?? '');
    return diff > 0n ? 1 : diff < 0n ? -1 : String(a.id).localeCompare(String(b.id));
  };
  return [...set.rows.values()].sort(compare ?? byCreated);
}
