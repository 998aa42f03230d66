/**
 * The local Realtime's "refetch" notice: when it may have missed row changes for a channel (the
 * change stream was interrupted, or a change could not be checked against RLS), it sends the
 * channel a `system` message saying so, and live views reload their state. Hosted Supabase sends
 * no such message; there the notice simply never comes.
 */

/** Every resync notice starts with this, followed by why. */
export const RESYNC_PREFIX = 'Refetch: changes may have been missed';

export function resyncMessage(reason: string): string {
  return `${RESYNC_PREFIX} (${reason}).`;
}

/** Whether a `system` payload (as supabase-js hands it to `.on('system', …)`) is a resync notice. */
export function isResyncNotice(payload: unknown): boolean {
  if (!payload || typeof payload !== 'object') return false;
  const message = (payload as { message?: unknown }).message;
  return typeof message === 'string' && message.startsWith(RESYNC_PREFIX);
}
