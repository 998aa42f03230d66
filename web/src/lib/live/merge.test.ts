/** Snapshot + live changes in any order end equal to the database, with no row twice or lost. */
import { expect, test } from 'vitest';
import { deleteRow, emptyRows, instant, mergeSnapshot, sortedRows, upsertRow } from './merge.ts';

type Row = { id: string; updated_at: string; created_at: string; status: string };
const row = (id: string, status: string, at: string): Row => ({ id, status, updated_at: at, created_at: '2026-11-26 10:00:00+00' });

test('a change newer than the snapshot survives the snapshot arriving later', () => {
  const set = emptyRows<Row>();
  upsertRow(set, row('a', 'succeeded', '2026-11-26T10:00:05.000200Z'));
  mergeSnapshot(set, [row('a', 'running', '2026-11-26 10:00:05.0001+00'), row('b', 'queued', '2026-11-26 10:00:01+00')]);
  expect(sortedRows(set).map((r) => [r.id, r.status])).toEqual([
    ['a', 'succeeded'],
    ['b', 'queued'],
  ]);
});

test('an older change arriving after a newer snapshot is ignored', () => {
  const set = emptyRows<Row>();
  mergeSnapshot(set, [row('a', 'succeeded', '2026-11-26 10:00:09+00')]);
  expect(upsertRow(set, row('a', 'running', '2026-11-26 10:00:08+00'))).toBe(false);
  expect(set.rows.get('a')?.status).toBe('succeeded');
});

test('a deleted row is not brought back by an older snapshot, but a newer insert is kept', () => {
  const set = emptyRows<Row>();
  upsertRow(set, row('a', 'queued', '2026-11-26 10:00:01+00'));
  deleteRow(set, 'a', '2026-11-26 10:00:02+00');
  mergeSnapshot(set, [row('a', 'queued', '2026-11-26 10:00:01+00')]);
  expect(set.rows.size).toBe(0);
  upsertRow(set, row('a', 'queued', '2026-11-26 10:00:03+00'));
  expect(set.rows.size).toBe(1);
});

test('timestamps compare to the microsecond across Postgres and JSON forms', () => {
  expect(instant('2026-11-26 10:00:00.000001+00')).toBeGreaterThan(instant('2026-11-26T10:00:00Z'));
  expect(instant('2026-11-26 11:00:00+01')).toBe(instant('2026-11-26T10:00:00Z'));
  expect(instant('2026-11-26 10:00:00.5+00:00')).toBe(instant('2026-11-26T10:00:00.500Z'));
});

test('rows sort newest first whichever form their timestamps came in', () => {
  const set = emptyRows<Row>();
  // as text the ISO form sorts after the Postgres form ("T" > " "), though it is an hour older
  upsertRow(set, { id: 'old', status: 'x', updated_at: '2026-11-26T09:00:00Z', created_at: '2026-11-26T09:00:00Z' });
  upsertRow(set, { id: 'new', status: 'x', updated_at: '2026-11-26T10:00:01Z', created_at: '2026-11-26T10:00:01Z' });
  upsertRow(set, { id: 'mid', status: 'x', updated_at: '2026-11-26 10:00:00.5+00', created_at: '2026-11-26 10:00:00.5+00' });
  expect(sortedRows(set).map((r) => r.id)).toEqual(['new', 'mid', 'old']);
});
