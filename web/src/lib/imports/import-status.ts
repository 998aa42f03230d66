/** How an import's status reads on the page. */
import type { ImportRow } from './types.ts';

export const STATUS_TEXT: Record<ImportRow['status'], string> = {
  pending: 'Waiting',
  running: 'Importing',
  succeeded: 'Done',
  failed: 'Failed',
};

export const STATUS_CLASS: Record<ImportRow['status'], string> = {
  pending: 'bg-slate-100 text-slate-800',
  running: 'bg-sky-50 text-sky-800',
  succeeded: 'bg-emerald-50 text-emerald-800',
  failed: 'bg-red-50 text-red-800',
};

/** A Postgres text timestamp ("2026-11-26 10:00:00.123456+00") or an ISO one, in the reader's locale. */
export const formatTime = (timestamp: string | null) =>
  timestamp ? new Date(timestamp.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00')).toLocaleString() : '—';
