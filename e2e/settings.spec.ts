/**
 * Settings as an owner uses them: an API key shown once and then only by prefix, revoked; a webhook
 * refused with the reason next to the URL, then added pointing at a local receiver, whose delivery
 * appears live in the log (and succeeds) when a job ends; and opt-in browser notifications that
 * announce that ending exactly once (not the job that had ended before), opening the job on click.
 * And as a viewer: the keys and the log to read, no controls, and the server refusing with a reason.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, type Page, test } from '@playwright/test';
import { addUser } from '../stack/src/auth/add-user.ts';
import { database } from './database.ts';
import { open, screenshot, signIn } from './helpers.ts';

const DEMO = '00000000-0000-4000-8000-000000000001';

/** A job of the Demo workspace that no worker picks up (due in an hour), ended by SQL as a worker would end it. */
async function endAJob(labels: number): Promise<string> {
  const sql = database();
  try {
    const [job] = await sql<{ id: string }[]>`
      insert into jobs (workspace_id, kind, run_at) values (${DEMO}, 'noop', now() + interval '1 hour') returning id`;
    const id = job?.id ?? '';
    await sql`
      update jobs set status = 'succeeded', stage = 'done', progress = 100, finished_at = now(),
        summary = ${sql.json({ items: { succeeded: labels }, labels: { printed: labels } })}
      where id = ${id}`;
    return id;
  } finally {
    await sql.end();
  }
}

/** A change to a job that ended long ago (as when its outputs are saved again): not news. */
async function touchJob(id: string): Promise<void> {
  const sql = database();
  try {
    await sql`update jobs set progress = 99 where id = ${id}`;
  } finally {
    await sql.end();
  }
}

interface Shown {
  title: string;
  body?: string;
  tag?: string;
}
const notifications = (page: Page) => page.evaluate(() => (window as unknown as { __notifications: Shown[] }).__notifications);

/** A receiver for the webhook: answers 200 and keeps each body. */
async function listen(received: string[]): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      received.push(body);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

test('API keys, a webhook with its live delivery log, and browser notifications', async ({ page }) => {
  const received: string[] = [];
  const receiver = await listen(received);
  // a browser whose notifications are granted and recorded (each instance too, to click one)
  await page.addInitScript(() => {
    const shown: { title: string; body?: string; tag?: string }[] = [];
    const instances: { onclick: (() => void) | null }[] = [];
    Object.assign(window, { __notifications: shown, __notificationInstances: instances });
    class RecordingNotification {
      static permission = 'granted';
      static requestPermission = async () => 'granted';
      onclick: (() => void) | null = null;
      constructor(title: string, options: { body?: string; tag?: string } = {}) {
        shown.push({ title, body: options.body, tag: options.tag });
        instances.push(this);
      }
      close() {}
    }
    Object.assign(window, { Notification: RecordingNotification });
  });
  try {
    const endedBefore = await endAJob(1);
    await signIn(page, '/settings');
    await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Settings' })).toHaveAttribute('aria-current', 'page');

    // an API key: shown once, then only its prefix
    await page.getByLabel('Name').fill('ERP sync');
    await page.getByLabel('Requests per minute').fill('120');
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect(page.getByTestId('new-key')).toContainText("it won't be shown again");
    const key = (await page.getByTestId('new-key-value').textContent()) ?? '';
    expect(key).toMatch(/^tw_[0-9a-f]{8}_[0-9a-f]{64}$/);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: 'Copy key' }).click();
    await expect(page.getByRole('button', { name: 'Copied' })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    const prefix = key.slice(0, 11);
    const keyRow = page.locator(`[data-testid="key-row"][data-prefix="${prefix}"]`);
    await expect(keyRow).toContainText('ERP sync');
    await expect(keyRow).toContainText('120/min');
    await expect(keyRow).toContainText('Active');
    await screenshot(page, 'settings-new-key');
    await open(page, '/settings');
    await expect(page.getByTestId('new-key-value')).toHaveCount(0);
    await expect(page.locator('body')).not.toContainText(key.slice(12));
    await expect(keyRow).toContainText('Active');
    page.once('dialog', (dialog) => void dialog.accept());
    await keyRow.getByRole('button', { name: 'Revoke' }).click();
    await expect(keyRow).toContainText('Revoked');
    await expect(keyRow.getByRole('button', { name: 'Revoke' })).toHaveCount(0);

    // a webhook: a bad URL is explained next to the field; a good one is listed
    const urlField = page.getByLabel('URL');
    await urlField.fill('ftp://files.example/hook');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect(urlField).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator(`#${await urlField.getAttribute('aria-describedby')}`)).toHaveText(
      'the URL must start with http:// or https://',
    );
    await screenshot(page, 'settings-webhook-error');
    await urlField.fill(receiver.url);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await expect(page.getByTestId('webhook-row').filter({ hasText: receiver.url })).toBeVisible();
    await expect(urlField).toHaveAttribute('aria-invalid', 'false');

    // notifications on; a job ends: the delivery shows up live and succeeds, and one notification says so
    await page.getByRole('button', { name: 'Turn on notifications' }).click();
    await expect(page.getByTestId('notify-state')).toHaveText('On in this browser');
    await expect(page.getByRole('region', { name: 'Browser notifications' }).getByTestId('connection')).toHaveText('Live');
    await touchJob(endedBefore);
    const jobId = await endAJob(3);
    const row = page.getByTestId('delivery-row').filter({ has: page.locator(`a[href="/jobs/${jobId}"]`) });
    await expect(row).toBeVisible();
    await expect(row).toContainText('job.succeeded');
    await expect(row).toContainText(new URL(receiver.url).host);
    await expect(row).toHaveAttribute('data-status', 'succeeded', { timeout: 30_000 });
    expect(received.some((body) => body.includes(jobId))).toBe(true);
    await expect
      .poll(() => notifications(page))
      .toEqual([{ title: 'Job succeeded', body: '3 labels · 3 products: 3 succeeded', tag: jobId }]);
    await row.getByRole('button', { name: /attempts/ }).click();
    await expect(page.getByTestId('attempts')).toContainText('#1 · 200');
    await screenshot(page, 'settings-webhooks');

    // send again: a second attempt, numbered on, reaches the receiver; the first stays in the log
    await row.getByRole('button', { name: 'Send again' }).click();
    await expect(row.getByRole('button', { name: /attempts \(2\)/ })).toBeVisible({ timeout: 30_000 });
    await expect(row).toHaveAttribute('data-status', 'succeeded');
    await expect(page.getByTestId('attempts')).toContainText('#2 · 200');
    await expect(page.getByTestId('attempts')).toContainText('#1 · 200');
    expect(received.filter((body) => body.includes(jobId))).toHaveLength(2);

    // still exactly one a moment later (no repeat from later changes)
    await page.waitForTimeout(1000);
    expect(await notifications(page)).toHaveLength(1);

    // a click on the notification opens the job
    await page.evaluate(() =>
      (window as unknown as { __notificationInstances: { onclick: () => void }[] }).__notificationInstances[0]?.onclick(),
    );
    await expect(page).toHaveURL(new RegExp(`/jobs/${jobId}$`));

    // the webhook turned off stays off; deleted (after confirming) it is gone
    const hookRow = page.getByTestId('webhook-row').filter({ hasText: receiver.url });
    await open(page, '/settings');
    await hookRow.getByLabel('Enabled').uncheck();
    await expect(hookRow).toHaveAttribute('data-enabled', 'false');
    await open(page, '/settings');
    await expect(hookRow.getByLabel('Enabled')).not.toBeChecked();
    await expect(page.getByTestId('notify-state')).toHaveText('On in this browser'); // the choice outlives a reload
    page.once('dialog', (dialog) => void dialog.accept());
    await hookRow.getByRole('button', { name: 'Delete' }).click();
    await expect(hookRow).toHaveCount(0);
  } finally {
    await receiver.close();
  }
});

test('a viewer reads keys and the delivery log but manages nothing, and the server says why', async ({ page }) => {
  const sql = database();
  const login = { email: 'viewer@settings.e2e', password: 'viewer-settings-e2e-password' };
  let hookId = '';
  try {
    await addUser(sql, { ...login, workspace: 'Demo', role: 'viewer', minimumPasswordLength: 8 });
    const [key] = await sql<{ prefix: string }[]>`select prefix from create_api_key(${DEMO}, 'Warehouse scanner', 30)`;
    const [hook] = await sql<
      { id: string }[]
    >`insert into webhooks (workspace_id, url) values (${DEMO}, 'http://127.0.0.1:9/viewer-hook') returning id`;
    hookId = hook?.id ?? '';
    const jobId = await endAJob(2);

    await signIn(page, '/settings', login);
    const keyRow = page.locator(`[data-testid="key-row"][data-prefix="${key?.prefix}"]`);
    await expect(keyRow).toContainText('Warehouse scanner');
    await expect(keyRow).toContainText('30/min');
    await expect(keyRow).toContainText('Active');
    await expect(page.getByRole('button', { name: 'Create key' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Revoke' })).toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Webhooks' })).toContainText('Only owners and editors of the workspace manage webhooks.');
    await expect(page.getByRole('button', { name: 'Add webhook' })).toHaveCount(0);
    const delivery = page.getByTestId('delivery-row').filter({ has: page.locator(`a[href="/jobs/${jobId}"]`) });
    await expect(delivery).toContainText('job.succeeded');
    await expect(delivery.getByRole('button', { name: 'Send again' })).toHaveCount(0);
    await screenshot(page, 'settings-viewer');

    const refused = await page.request.post('/api/settings/keys', { data: { name: 'mine' } });
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toEqual({ message: 'Only owners and editors of the workspace can create API keys.' });
    const revoke = await page.request.post(`/api/settings/keys/${key?.prefix}/revoke`);
    expect(revoke.status()).toBe(403);
    expect(((await revoke.json()) as { message: string }).message).toBe('Only owners and editors of the workspace can revoke API keys.');
    const unknown = await page.request.get('/api/settings/deliveries/not-a-delivery/attempts');
    expect(unknown.status()).toBe(404);
    expect(await unknown.json()).toEqual({ message: 'No such delivery in this workspace.' });
  } finally {
    if (hookId) await sql`delete from webhooks where id = ${hookId}`;
    await sql.end();
  }
});
