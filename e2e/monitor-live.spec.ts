/**
 * The job monitor stays true to the database: its realtime socket is cut in the middle of a job,
 * the page says it is reconnecting, and in the end it shows exactly the rows the database holds;
 * the stack's change stream is interrupted and the page reloads what it missed; a user of another
 * workspace gets a 404 for the job's URL (RLS through the UI).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { database } from './database.ts';
import { open, screenshot, signIn } from './helpers.ts';

const DEMO = '00000000-0000-4000-8000-000000000001';

async function startJob(skus: string[]): Promise<string> {
  const sql = database();
  try {
    const [template] = await sql<{ id: string }[]>`select id from templates where workspace_id = ${DEMO} and name = 'Shelf price tag'`;
    const [job] = await sql<{ id: string }[]>`
      insert into jobs (workspace_id, kind, params)
      values (${DEMO}, 'label_run', ${sql.json({ skus, template_id: template?.id, outputs: ['png', 'pdf', 'sheet'] })}) returning id`;
    return job?.id ?? '';
  } finally {
    await sql.end();
  }
}

async function counts(jobId: string) {
  const sql = database();
  try {
    const [row] = await sql<{ screenshots: number; matches: number; labels: number }[]>`
      select (select count(*) from screenshots where job_id = ${jobId})::int as screenshots,
             (select count(*) from matches where job_id = ${jobId})::int as matches,
             (select count(*) from labels where job_id = ${jobId})::int as labels`;
    return row;
  } finally {
    await sql.end();
  }
}

async function shown(page: Page) {
  return {
    labels: await page.getByTestId('label-card').count(),
    matches: await page.getByTestId('matches-table').locator('tbody tr').count(),
  };
}

test('cut the realtime socket mid-job: the page reconnects and ends equal to the database', async ({ page }) => {
  const sockets: { close: () => void }[] = [];
  await page.routeWebSocket(/\/realtime\/v1\/websocket/, (ws) => {
    ws.connectToServer();
    sockets.push({ close: () => ws.close({ code: 4000, reason: 'cut by the test' }) });
  });
  await signIn(page);
  const jobId = await startJob(['DEMO-OAT-1L', 'DEMO-COF-500', 'DEMO-TEA-20', 'DEMO-HON-250', 'DEMO-JAM-340', 'DEMO-CHO-100']);
  await open(page, `/jobs/${jobId}`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  // wait until the job is under way, then cut every socket the page has
  await expect(page.getByTestId('monitor-status')).toContainText(/running/i, { timeout: 30_000 });
  for (const socket of sockets) socket.close();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'reconnecting');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live', { timeout: 30_000 });
  await expect(page.getByTestId('monitor-status')).toContainText(/succeeded/i, { timeout: 90_000 });
  const db = await counts(jobId);
  await expect.poll(() => shown(page)).toEqual({ labels: db?.labels, matches: db?.matches });
  await screenshot(page, 'job-monitor-after-reconnect');
});

test('the change stream is interrupted: the page is told, reloads, and shows the change the stream missed', async ({ page }) => {
  await signIn(page);
  const jobId = await startJob(['DEMO-OAT-1L']);
  await open(page, `/jobs/${jobId}`);
  await expect(page.getByTestId('monitor-status')).toContainText(/succeeded/i, { timeout: 60_000 });
  const card = page.getByTestId('label-card');
  await expect(card).toHaveAttribute('data-verified', 'true');

  // end the stack's replication connection, and while it reconnects change the label: the new
  // stream starts after that commit, so only the stack's "refetch" notice can bring it to the page
  const sql = database();
  try {
    const before = (await sql<{ pid: number }[]>`select pid from pg_stat_replication`).map((r) => r.pid);
    expect(before.length).toBeGreaterThan(0);
    await sql`select pg_terminate_backend(pid) from pg_stat_replication`;
    await expect.poll(async () => (await sql`select 1 from pg_stat_replication where pid = any(${before})`).length).toBe(0);
    await sql`update labels set verified = false, unverified = '{price}' where job_id = ${jobId}`;
  } finally {
    await sql.end();
  }
  await expect(card).toHaveAttribute('data-verified', 'false', { timeout: 20_000 });
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
});

test('a user of another workspace gets a 404 for the job', async ({ browser }) => {
  const jobId = await startJob(['DEMO-OAT-1L']);
  const repo = path.resolve(import.meta.dirname, '..');
  const added = spawnSync(
    process.execPath,
    [
      path.join(repo, 'cli/bin/tagwright.mjs'),
      'user',
      'add',
      'outsider@example.com',
      '--password',
      'outsider-pass-123',
      '--workspace',
      'Elsewhere',
    ],
    { cwd: repo, env: { ...process.env, DATABASE_URL: process.env.E2E_DATABASE_URL }, encoding: 'utf8' },
  );
  expect(added.status, added.stderr).toBe(0);
  const context = await browser.newContext();
  const page = await context.newPage();
  await open(page, '/login');
  await page.getByLabel('Email').fill('outsider@example.com');
  await page.getByLabel('Password').fill('outsider-pass-123');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  const response = await page.goto(`/jobs/${jobId}`);
  expect(response?.status()).toBe(404);
  await context.close();
});
