/**
 * Bad input shown in the UI: script and HTML in a product's name, in a page title, in what a page
 * said (a match's found value), in OCR text and in a job's error are shown as text, literally, on
 * the job monitor, the screenshot viewer and the product picker; no script runs, no dialog opens.
 */
import { expect, test } from '@playwright/test';
import { database } from './database.ts';
import { open, screenshot, signIn } from './helpers.ts';

const DEMO = '00000000-0000-4000-8000-000000000001';
const NAME = '<img src=x onerror="window.__xss=1">Lamp';
const TITLE = '<script>window.__xss=2</script>Shop';
const FOUND = '<b onmouseover="window.__xss=3">12,90 €</b>';
const OCR = '<svg onload="window.__xss=4"></svg> PRICE 12,90';
const ERROR = '<iframe src="javascript:window.__xss=5"></iframe> page broke';
/** A 1×1 PNG, so the screenshot gallery has something to open. */
const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

async function hostileJob(): Promise<string> {
  const sql = database();
  try {
    const [product] = await sql<{ id: string }[]>`
      insert into products (workspace_id, sku, name, price, currency, url)
      values (${DEMO}, ${`XSS-${Date.now()}`}, ${NAME}, 12.90, 'EUR', 'https://shop.example/lamp') returning id`;
    const [job] = await sql<{ id: string }[]>`
      insert into jobs (workspace_id, kind, status, stage, progress, error, locked_by, lease_until, started_at)
      values (${DEMO}, 'label_run', 'running', 'crawling', 50, null, 'e2e', now() + interval '1 hour', now()) returning id`;
    const [item] = await sql<{ id: string }[]>`
      insert into job_items (workspace_id, job_id, product_id, url, status, page_title, http_status)
      values (${DEMO}, ${job?.id ?? ''}, ${product?.id ?? ''}, 'https://shop.example/lamp', 'succeeded', ${TITLE}, 200) returning id`;
    const [shot] = await sql<{ id: string }[]>`
      insert into screenshots (workspace_id, job_id, job_item_id, name, kind, public_url, width, height)
      values (${DEMO}, ${job?.id ?? ''}, ${item?.id ?? ''}, 'viewport', 'viewport', ${PIXEL}, 1, 1) returning id`;
    await sql`
      insert into ocr_results (workspace_id, job_id, screenshot_id, status, text, words)
      values (${DEMO}, ${job?.id ?? ''}, ${shot?.id ?? ''}, 'completed', ${OCR}, '[]')`;
    await sql`
      insert into matches (workspace_id, job_id, job_item_id, field, expected, found, verdict, source)
      values (${DEMO}, ${job?.id ?? ''}, ${item?.id ?? ''}, 'price', '12.90', ${FOUND}, 'mismatch', 'ocr')`;
    await sql`
      update jobs set status = 'failed', stage = 'done', progress = 100, error = ${ERROR}, finished_at = now(),
        locked_by = null, lease_until = null where id = ${job?.id ?? ''}`;
    return job?.id ?? '';
  } finally {
    await sql.end();
  }
}

test('script and HTML from products, pages and OCR are shown as text and never run', async ({ page }) => {
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const jobId = await hostileJob();
  await signIn(page, `/jobs/${jobId}`);
  await expect(page.getByTestId('job-error')).toHaveText(ERROR);
  await expect(page.getByTestId('items-table')).toContainText(TITLE);
  await page.getByTestId('matches-all').click();
  await expect(page.getByTestId('matches-table')).toContainText(FOUND);
  await page.getByTestId('screenshot-thumb').first().click();
  await expect(page.getByTestId('ocr-text')).toHaveText(OCR);
  await screenshot(page, 'corpus-escaping');
  // the product's name where people pick products for a job
  await open(page, '/jobs/new');
  await page.getByTestId('selection-products').check();
  await page.getByTestId('product-search').fill('XSS-');
  await expect(page.locator('main')).toContainText(NAME);
  // none of the markup became elements, and none of its scripts ran
  await page.mouse.move(10, 10);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  expect(await page.locator('main img[src="x"], main iframe, main b[onmouseover], main svg[onload]').count()).toBe(0);
  expect(dialogs).toEqual([]);
});
