/** The settings page's calls to its endpoints: JSON in and out, and the server's message (and field) when it says no. */
import { timeOf } from '../labels/label-filter.ts';

export class SettingsRequestError extends Error {
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

export async function settingsRequest<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`/api/settings${path}`, {
    method,
    ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  if (response.status === 204) return undefined as T;
  const data = (await response.json().catch(() => ({}))) as { message?: string; field?: string };
  if (!response.ok) throw new SettingsRequestError(data.message ?? `The server answered ${response.status}.`, data.field);
  return data as T;
}

/** "3 min ago" style, for last used / delivered times; absolute beyond a week. */
export function when(timestamp: string | null, nowMs = Date.now()): string {
  if (!timestamp) return '—';
  const ms = timeOf(timestamp);
  if (Number.isNaN(ms)) return timestamp;
  const seconds = Math.round((nowMs - ms) / 1000);
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  if (seconds < 7 * 86_400) return `${Math.floor(seconds / 86_400)} d ago`;
  return new Date(ms).toISOString().slice(0, 10);
}

/** What a form shows after a refusal: the server's message, and the field it is about when it names one. */
export function formError(error: unknown): { message: string; field?: string } {
  if (error instanceof SettingsRequestError)
    return error.field ? { message: error.message, field: error.field } : { message: error.message };
  return { message: `Could not reach the server (${(error as Error).message}); check the connection and try again.` };
}
