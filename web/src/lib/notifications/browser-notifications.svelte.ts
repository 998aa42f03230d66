/**
 * Browser notifications when a job ends, opt-in: the choice lives in localStorage (per browser),
 * permission is asked only when the user turns them on, and while any dashboard page is open a
 * Realtime subscription to the workspace's jobs turns each ending into one Notification (see
 * job-notifications.ts); clicking it focuses the tab and opens the job.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { type EndedJobChange, notificationFor } from './job-notifications.ts';

const STORAGE_KEY = 'tagwright:notify-job-endings';

export type NotifyPermission = NotificationPermission | 'unsupported';

export const notifyPrefs = $state<{ enabled: boolean; permission: NotifyPermission }>({ enabled: false, permission: 'default' });

const supported = () => typeof window !== 'undefined' && 'Notification' in window;

/** Reads the stored choice; on only if the browser still grants permission. */
export function loadNotifyPreference(): void {
  if (!supported()) {
    notifyPrefs.permission = 'unsupported';
    return;
  }
  notifyPrefs.permission = Notification.permission;
  notifyPrefs.enabled = localStorage.getItem(STORAGE_KEY) === 'on' && Notification.permission === 'granted';
}

export async function enableNotifications(): Promise<void> {
  if (!supported()) return;
  const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
  notifyPrefs.permission = permission;
  notifyPrefs.enabled = permission === 'granted';
  localStorage.setItem(STORAGE_KEY, notifyPrefs.enabled ? 'on' : 'off');
}

export function disableNotifications(): void {
  notifyPrefs.enabled = false;
  if (supported()) localStorage.setItem(STORAGE_KEY, 'off');
}

/** Subscribes to the workspace's job changes and notifies each ending once; returns the unsubscribe. */
export function watchJobEndings(client: SupabaseClient, workspaceId: string): () => void {
  const announced = new Set<string>();
  const channel = client
    .channel(`job-endings:${workspaceId}`)
    .on('postgres_changes', { event: '*', schema: 'public', table: 'jobs', filter: `workspace_id=eq.${workspaceId}` }, (change) => {
      const job = change.new as EndedJobChange;
      const due = job?.id ? notificationFor(job, announced, Date.now()) : null;
      if (!due || !notifyPrefs.enabled) return;
      const shown = new Notification(due.title, { body: due.body, tag: due.tag });
      shown.onclick = () => {
        window.focus();
        window.location.assign(due.url);
      };
    })
    .subscribe();
  return () => {
    void client.removeChannel(channel);
  };
}
