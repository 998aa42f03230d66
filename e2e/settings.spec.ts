/**
 * Settings as an owner uses them: an API key shown once and then only by prefix, revoked; a webhook
 * refused with the reason next to the URL, then added pointing at a local receiver, whose delivery
 * appears live in the log and turns "succeeded" when a job ends; and opt-in browser notifications
 * announcing that job's end exactly once.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { database } from './database.ts';
import { open, screenshot, signIn } from './helpers.ts';

const DEMO = '00000000-0000-4000-8000-000000000001';

/** A job of the Demo workspace that ends at once: inserted already canceled (a real way jobs end). */
async function endAJob(): Promise<string> {
  const sql = database();
  try {
    const [job] = await sql<{ id: string }[]>`
      insert into jobs (workspace_id, kind, cancel_requested) values (${DEMO}, 'noop', true) returning id`;
    return job?.id ?? '';
  } finally {
    await sql.end();
  }
}

test('API keys, a webhook with its live delivery log, and browser notifications', async ({ page }) => {
  const received: string[] = [];
  const receiver = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      received.push(body);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  // a browser whose notifications are granted and recorded
  await page.addInitScript(() => {
    const shown: { title: string; body?: string }[] = [];
    (window as unknown as { __notifications: typeof shown }).__notifications = shown;
    class RecordingNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string, options: { body?: string } = {}) {
        shown.push({ title, body: options.body });
      }
    }
    (window as unknown as { Notification: unknown }).Notification = RecordingNotification;
  });
  try {
    await signIn(page, '/settings');
    await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();

    // an API key: shown once, then only its prefix
    await page.getByLabel('Name').fill('ERP sync');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('new-key-value').textContent()) ?? '';
    expect(key).toMatch(/^tw_[0-9a-f]{8}_[0-9a-f]{64}$/);
    const prefix = key.slice(0, 11);
    await expect(page.locator(`[data-testid="key-row"][data-prefix="${prefix}"]`)).toContainText('Active');
    await screenshot(page, 'settings-new-key');
    await open(page, '/settings');
    await expect(page.getByTestId('new-key-value')).toHaveCount(0);
    await expect(page.locator('body')).not.toContainText(key.slice(12));
    page.once('dialog', (dialog) => void dialog.accept());
    await page.locator(`[data-testid="key-row"][data-prefix="${prefix}"]`).getByRole('button', { name: 'Revoke' }).click();
    await expect(page.locator(`[data-testid="key-row"][data-prefix="${prefix}"]`)).toContainText('Revoked');

    // a webhook: a bad URL is explained next to the field; a good one is listed
    await page.getByLabel('URL').fill('ftp://files.example/hook');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect(page.getByRole('alert')).toHaveText('the URL must start with http:// or https://');
    await expect(page.getByLabel('URL')).toHaveAttribute('aria-invalid', 'true');
    await page.getByLabel('URL').fill(receiverUrl);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect(page.getByTestId('webhook-row').filter({ hasText: receiverUrl })).toBeVisible();

    // notifications on; a job ends: the delivery shows up live and succeeds, one notification
    await page.getByRole('button', { name: 'Turn on notifications' }).click();
    await expect(page.getByTestId('notify-state')).toHaveText('On in this browser');
    const jobId = await endAJob();
    const row = page.getByTestId('delivery-row').filter({ has: page.locator(`a[href="/jobs/${jobId}"]`) });
    await expect(row).toBeVisible();
    await expect(row).toHaveAttribute('data-status', 'succeeded', { timeout: 30_000 });
    expect(received.some((body) => body.includes(jobId))).toBe(true);
    await expect
      .poll(() => page.evaluate(() => (window as unknown as { __notifications: { title: string }[] }).__notifications.map((n) => n.title)))
      .toEqual(['Job canceled']);
    await row.getByRole('button', { name: '1' }).click();
    await expect(page.getByTestId('attempts')).toContainText('#1 · 200');
    await screenshot(page, 'settings-webhooks');
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
  }
});
