/** Live row orderings: timestamps as instants whatever their format, events by bigint id, mismatches first. */
import { describe, expect, test } from 'vitest';
import { eventsNewestFirst, mismatchesFirst, oldestFirst } from './row-order.ts';
import type { JobEventRow, MatchRow } from './types.ts';

describe('ordering', () => {
  test('Postgres text and ISO timestamps order as instants', () => {
    const a = { id: 'a', created_at: '2026-11-26 21:00:00.5+00' };
    const b = { id: 'b', created_at: '2026-11-26T21:00:00.4+00:00' };
    expect([a, b].sort(oldestFirst).map((r) => r.id)).toEqual(['b', 'a']);
  });
  test('events by bigint id, text or number', () => {
    const ev = (id: string | number) => ({ id, job_id: 'j', type: 't', payload: {}, created_at: '' }) as JobEventRow;
    expect([ev('9'), ev(10), ev('100')].sort(eventsNewestFirst).map((e) => String(e.id))).toEqual(['100', '10', '9']);
  });
  test('mismatches first, then missing, then matches', () => {
    const m = (verdict: MatchRow['verdict'], field: string) => ({ verdict, field, job_item_id: 'i' }) as MatchRow;
    const sorted = [m('match', 'price'), m('missing', 'gtin'), m('mismatch', 'name'), m('mismatch', 'price')].sort(mismatchesFirst);
    expect(sorted.map((r) => `${r.verdict}:${r.field}`)).toEqual(['mismatch:price', 'mismatch:name', 'missing:gtin', 'match:price']);
  });
});
