/** One line of words per job event for the feeds (types from the worker: job:*, items:created, item:failed, label:skipped, outputs:ready…). */
import type { JobEventRow } from './types.ts';

const str = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : '');

export function describeEvent(event: Pick<JobEventRow, 'type' | 'payload'>): string {
  const p = event.payload ?? {};
  switch (event.type) {
    case 'items:created':
      return `${str(p.count)} products queued for checking`;
    case 'item:failed':
      // the worker's message often names the URL already
      return p.error && str(p.error).includes(str(p.url))
        ? `Page failed: ${str(p.error)}`
        : `Page failed: ${str(p.url)}${p.error ? ` — ${str(p.error)}` : ''}`;
    case 'label:skipped':
      return `Label not printed for ${str(p.sku)} (not verified${Array.isArray(p.unverified) && p.unverified.length ? `: ${p.unverified.join(', ')}` : ''})`;
    case 'outputs:ready':
      return `Files ready: ${Array.isArray(p.files) ? p.files.join(', ') : ''}`;
    default: {
      // "job:retry_scheduled" → "Job retry scheduled"
      const words = event.type.replace(/[:_.-]+/g, ' ').trim();
      const title = words.charAt(0).toUpperCase() + words.slice(1);
      const detail = str(p.error ?? p.message ?? p.reason);
      return detail ? `${title} — ${detail}` : title;
    }
  }
}

/** "error" for failures, "warn" for skips, "info" otherwise (the feed's colour). */
export function eventTone(type: string): 'error' | 'warn' | 'info' {
  if (/fail|error/.test(type)) return 'error';
  if (/skip|cancel|retry|expired/.test(type)) return 'warn';
  return 'info';
}

/** "14:03:07" in the reader's time zone, from Postgres text or ISO. */
export function clockTime(timestamp: string): string {
  const date = new Date(timestamp.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'));
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}
