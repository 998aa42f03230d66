/**
 * Orderings for live rows. Timestamps arrive as Postgres text from snapshots and as ISO from
 * Realtime, so they are compared as instants (cached per row), never as strings.
 */
import { instant } from '../live/merge.ts';
import type { JobEventRow, MatchRow, Verdict } from './types.ts';

const cache = new WeakMap<object, bigint>();

function createdAt(row: { created_at?: string | null }): bigint {
  let value = cache.get(row);
  if (value === undefined) {
    value = instant(row.created_at ?? '');
    cache.set(row, value);
  }
  return value;
}

const idOrder = (a: { id: string | number }, b: { id: string | number }) =>
  String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0;

/** Oldest first, then by id (a stable order while rows arrive). */
export function oldestFirst<T extends { id: string | number; created_at?: string | null }>(a: T, b: T): number {
  const d = createdAt(a) - createdAt(b);
  return d < 0n ? -1 : d > 0n ? 1 : idOrder(a, b);
}

/** Newest first, then by id. */
export function newestFirst<T extends { id: string | number; created_at?: string | null }>(a: T, b: T): number {
  return oldestFirst(b, a);
}

/** Events by their identity id (bigint; as text from Postgres, a number from Realtime), newest first. */
export function eventsNewestFirst(a: JobEventRow, b: JobEventRow): number {
  const d = BigInt(b.id) - BigInt(a.id);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

const VERDICT_RANK: Record<Verdict, number> = { mismatch: 0, missing: 1, match: 2 };
const FIELD_RANK: Record<string, number> = { price: 0, currency: 1, name: 2, sku: 3, gtin: 4, availability: 5 };

/** Mismatches first, then missing, then matches; within a verdict by item, then field. */
export function mismatchesFirst(a: MatchRow, b: MatchRow): number {
  return (
    VERDICT_RANK[a.verdict] - VERDICT_RANK[b.verdict] ||
    (a.job_item_id < b.job_item_id ? -1 : a.job_item_id > b.job_item_id ? 1 : 0) ||
    (FIELD_RANK[a.field] ?? 9) - (FIELD_RANK[b.field] ?? 9)
  );
}
