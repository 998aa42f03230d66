import { expect, test } from 'vitest';
import { filterQuery, matchesFilters, newestFirst, parseFilters, timeOf } from './label-filter.ts';
import type { LabelRow } from './types.ts';

const label = (over: Partial<LabelRow> = {}): LabelRow => ({
  id: '00000000-0000-4000-8000-000000000001',
  job_id: '00000000-0000-4000-8000-00000000000a',
  product_id: null,
  template_id: '00000000-0000-4000-8000-00000000000b',
  png_url: null,
  pdf_url: null,
  data: { sku: 'OAT-1L', name: 'Hafermilch 1L' },
  verified: true,
  unverified: [],
  created_at: '2026-11-26 10:00:00.123456+00',
  updated_at: '2026-11-26 10:00:00.123456+00',
  ...over,
});

test('bad filter values are dropped, not passed to SQL', () => {
  const f = parseFilters(new URLSearchParams('job=nope&verified=maybe&from=2026-13-99&to=2026-11-30&page=-3&q=%20oat%20'));
  expect(f).toEqual({ q: 'oat', job: null, verified: null, template: null, from: null, to: '2026-11-30', page: 1 });
});

test('the query string round-trips', () => {
  const q = 'q=oat&job=00000000-0000-4000-8000-00000000000a&verified=no&from=2026-11-01&page=3';
  expect(filterQuery(parseFilters(new URLSearchParams(q)))).toBe(q);
});

test('search matches SKU or name, case-insensitive', () => {
  expect(matchesFilters(label(), parseFilters(new URLSearchParams('q=oat')))).toBe(true);
  expect(matchesFilters(label(), parseFilters(new URLSearchParams('q=hafer')))).toBe(true);
  expect(matchesFilters(label(), parseFilters(new URLSearchParams('q=coffee')))).toBe(false);
});

test('verdict, job and the date range (whole UTC days) filter live rows like the SQL does', () => {
  expect(matchesFilters(label({ verified: false }), parseFilters(new URLSearchParams('verified=yes')))).toBe(false);
  expect(matchesFilters(label(), parseFilters(new URLSearchParams('job=00000000-0000-4000-8000-00000000000c')))).toBe(false);
  expect(matchesFilters(label(), parseFilters(new URLSearchParams('from=2026-11-26&to=2026-11-26')))).toBe(true);
  expect(matchesFilters(label(), parseFilters(new URLSearchParams('to=2026-11-25')))).toBe(false);
  expect(matchesFilters(label({ created_at: '2026-11-26T23:59:59.999+00:00' }), parseFilters(new URLSearchParams('to=2026-11-26')))).toBe(
    true,
  );
});

test('Postgres text timestamps and realtime ISO ones give the same time', () => {
  expect(timeOf('2026-11-26 10:00:00.5+00')).toBe(timeOf('2026-11-26T10:00:00.500+00:00'));
  const a = label({ created_at: '2026-11-26 10:00:00+00' });
  const b = label({ id: '00000000-0000-4000-8000-000000000002', created_at: '2026-11-26T11:00:00+00:00' });
  expect([a, b].sort(newestFirst)[0]).toBe(b);
});
