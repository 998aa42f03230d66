/**
 * Browser notifications for job endings, opt-in and per browser: the choice lives in localStorage,
 * permission is asked only when the user turns them on (a click), and a notification shown here
 * focuses the tab and opens the job when clicked.
 */
import type { ConnectionState } from '../live/live-rows.svelte.ts';
import type { JobNotification } from './job-notifications.ts';

const STORAGE_KEY = 'tagwright:notify-job-endings';

export type NotifyPermission = NotificationPermission | 'unsupported';

export const notifyPrefs = $state<{
  enabled: boolean;
  permission: NotifyPermission;
  /** The watch on the workspace's jobs, so the settings page can say whether endings are being heard. */
  watching: ConnectionState | 'off';
  attempt: number;
}>({ enabled: false, permission: 'default', watching: 'off', attempt: 0 });

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

/** Asks for permission (browsers allow it only from a click) and remembers the answer. */
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

/** Shows one notification if they are on and still allowed; a click brings this tab forward on the job's page. */
export function showNotification(notification: JobNotification, open: (url: string) => void): void {
  if (!notifyPrefs.enabled || !supported() || Notification.permission !== 'granted') return;
  const shown = new Notification(notification.title, { body: notification.body, tag: notification.tag });
  shown.onclick = () => {
    window.focus();
    shown.close();
    open(notification.url);
  };
}
