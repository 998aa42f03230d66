/**
 * The whole flow as a new user tries it after `npm start`: sign in with the printed login, import
 * an xlsx, start a job on it, watch the monitor reach 100% with screenshots, checks and labels
 * arriving live, download the sheet PDF; then find the labels in the library and the job on the
 * dashboard. Also measures the dashboard's first load.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { demoProducts } from '../cli/src/demo/demo-products.ts';
import { database } from './database.ts';
import { open, screenshot, signIn } from './helpers.ts';
import { productsWorkbook } from './make-xlsx.ts';

test('import → job → live monitor to 100% → sheet PDF → library and dashboard', async ({ page }) => {
  test.setTimeout(240_000);
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-e2e-flow-'));
  const file = path.join(dir, 'Spring range.xlsx');
  const chosen = demoProducts.filter((p) => ['DEMO-RIC-1K', 'DEMO-ALM-200', 'DEMO-JAM-340', 'DEMO-LEN-500'].includes(p.sku));
  await productsWorkbook(
    file,
    process.env.E2E_SHOP_URL ?? '',
    chosen.map((p) => ({ sku: p.sku, name: p.name, price: Number(p.price), ean: p.gtin })),
  );

  await signIn(page, '/imports');
  await page.getByTestId('import-file-input').setInputFiles(file);
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-progress')).toHaveAttribute('data-status', 'succeeded', { timeout: 30_000 });

  await open(page, '/jobs/new');
  await page.getByTestId('selection-import').check();
  await page.getByTestId('import-choice').first().check();
  const template = page.getByTestId('template-select');
  await template.selectOption((await template.locator('option', { hasText: 'Shelf price tag' }).getAttribute('value')) ?? '');
  await page.getByTestId('output-sheet').check();
  await screenshot(page, 'new-job');
  await page.getByTestId('start-job').click();
  await expect(page).toHaveURL(/\/jobs\/[0-9a-f-]{36}$/);

  // live: things appear while the job runs, then it ends at 100 %
  await expect(page.getByTestId('screenshot-thumb').first()).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('monitor-status')).toContainText(/succeeded/i, { timeout: 120_000 });
  await expect(page.getByTestId('monitor-progress')).toHaveAttribute('aria-valuenow', '100');
  const jobId = page.url().split('/').at(-1) ?? '';
  const sql = database();
  const rows = await sql<{ sku: string; verified: boolean }[]>`
    select p.sku, l.verified from labels l join products p on p.id = l.product_id where l.job_id = ${jobId} order by p.sku`;
  await sql.end();
  // every product gets a label (the jam's page price differs: marked, not left out)
  expect(rows.map((r) => [r.sku, r.verified])).toEqual([
    ['DEMO-ALM-200', true],
    ['DEMO-JAM-340', false],
    ['DEMO-LEN-500', true],
    ['DEMO-RIC-1K', true],
  ]);
  await expect(page.getByTestId('label-card')).toHaveCount(4);
  await expect(page.getByTestId('matches-table')).toContainText('mismatch');
  await screenshot(page, 'job-monitor');

  const download = page.waitForEvent('download');
  await page.getByTestId('download-sheet').click();
  const pdf = await (await download).path();
  expect((await fs.readFile(pdf)).subarray(0, 5).toString()).toBe('%PDF-');

  await open(page, '/labels');
  await expect(page.getByTestId('label-tile').first()).toBeVisible();
  await screenshot(page, 'labels');

  // first load of the dashboard (the dev server compiles the route on first use), then a fresh load
  const loads: number[] = [];
  for (let i = 0; i < 2; i++) {
    const started = Date.now();
    await open(page, '/');
    loads.push(Date.now() - started);
  }
  await expect(page.getByTestId('job-row').first()).toHaveAttribute('data-status', 'succeeded');
  await screenshot(page, 'dashboard');
  console.log(JSON.stringify({ dashboard_load_ms: { first: loads[0], again: loads[1] } }));
  await fs.rm(dir, { recursive: true, force: true });
});
