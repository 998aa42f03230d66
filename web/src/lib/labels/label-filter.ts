/**
 * The library's filters (search, job, verdict, template, date range, page) as URL query and as a
 * predicate, so live rows arriving on the page are held to the same filters as the server's SQL.
 */
import type { LabelRow } from './types.ts';

export const PAGE_SIZE = 60;

export interface LabelFilters {
  q: string;
  job: string | null;
  verified: 'yes' | 'no' | null;
  template: string | null;
  /** YYYY-MM-DD, UTC days, inclusive. */
  from: string | null;
  to: string | null;
  page: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parseFilters(params: URLSearchParams): LabelFilters {
  const id = (name: string) => {
    const v = params.get(name);
    return v && UUID.test(v) ? v.toLowerCase() : null;
  };
  const day = (name: string) => {
    const v = params.get(name);
    return v && DAY.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) ? v : null;
  };
  const verified = params.get('verified');
  const page = Number.parseInt(params.get('page') ?? '1', 10);
  return {
    q: (params.get('q') ?? '').trim().slice(0, 100),
    job: id('job'),
    verified: verified === 'yes' || verified === 'no' ? verified : null,
    template: id('template'),
    from: day('from'),
    to: day('to'),
    page: Number.isFinite(page) && page > 0 ? Math.min(page, 100_000) : 1,
  };
}

/** The query string for these filters (empty values left out); `page` 1 is left out too. */
export function filterQuery(filters: LabelFilters): string {
  const params = new URLSearchParams();
  if (filters.q) params.set('q', filters.q);
  for (const key of ['job', 'verified', 'template', 'from', 'to'] as const) {
    const v = filters[key];
    if (v) params.set(key, v);
  }
  if (filters.page > 1) params.set('page', String(filters.page));
  return params.toString();
}

/** Epoch ms of a Postgres text timestamp ("2026-11-26 10:00:00.123456+00") or an ISO one. */
export function timeOf(timestamp: string): number {
  const iso = timestamp.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00');
  return Date.parse(iso);
}

const dayStart = (day: string) => Date.parse(`${day}T00:00:00Z`);

export function matchesFilters(label: LabelRow, filters: LabelFilters): boolean {
  if (filters.job && label.job_id !== filters.job) return false;
  if (filters.template && label.template_id !== filters.template) return false;
  if (filters.verified && label.verified !== (filters.verified === 'yes')) return false;
  const t = timeOf(label.created_at);
  if (filters.from && t < dayStart(filters.from)) return false;
  if (filters.to && t >= dayStart(filters.to) + 86_400_000) return false;
  if (filters.q) {
    const q = filters.q.toLowerCase();
    const sku = String(label.data.sku ?? '').toLowerCase();
    const name = String(label.data.name ?? '').toLowerCase();
    if (!sku.includes(q) && !name.includes(q)) return false;
  }
  return true;
}

/** Newest first; ties by id so the order is stable. */
export const newestFirst = (a: LabelRow, b: LabelRow) => timeOf(b.created_at) - timeOf(a.created_at) || b.id.localeCompare(a.id);
