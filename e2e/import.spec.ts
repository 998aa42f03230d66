/**
 * Importing a spreadsheet from the dashboard as a new user would: an .xlsx written by another
 * tool (German headers, one bad price), its columns suggested, the import followed live to the
 * end with the bad row explained; a file that is not a spreadsheet is refused on the page.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { demoProducts } from '../cli/src/demo/demo-products.ts';
import { screenshot, signIn } from './helpers.ts';
import { productsWorkbook } from './make-xlsx.ts';

test('an xlsx is uploaded, mapped, imported live, and its bad row is explained', async ({ page }) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-e2e-xlsx-'));
  const file = path.join(dir, 'Sortiment.xlsx');
  const products = demoProducts.slice(0, 5).map((p) => ({ sku: p.sku, name: p.name, price: Number(p.price), ean: p.gtin }));
  await productsWorkbook(file, process.env.E2E_SHOP_URL ?? '', [
    ...products,
    { sku: 'BAD-1', name: 'Broken row', price: 'twelve euros', ean: '' },
  ]);

  await signIn(page, '/imports');
  await page.getByTestId('import-file-input').setInputFiles(file);
  const mapping = page.getByTestId('import-mapping');
  await expect(mapping).toBeVisible();
  // columns suggested from German headers
  await expect(page.getByTestId('import-map-sku')).toHaveValue('A');
  await expect(page.getByTestId('import-map-price')).toHaveValue('C');
  await expect(page.getByTestId('import-map-url')).toHaveValue('F');
  await screenshot(page, 'import-mapping');
  await page.getByTestId('import-start').click();

  const progress = page.getByTestId('import-progress');
  await expect(progress).toHaveAttribute('data-status', 'succeeded', { timeout: 30_000 });
  await expect(page.getByTestId('import-imported')).toHaveText('5');
  await expect(page.getByTestId('import-error-count')).toHaveText('1');
  // the header is row 1: the sixth product is row 7, its price in column C
  await expect(page.getByTestId('import-error-row')).toHaveCount(1);
  await expect(page.getByTestId('import-error-row')).toContainText(/7\s*C \(Preis\)\s*"twelve euros" is not a price/);
  await screenshot(page, 'import-done');
  await fs.rm(dir, { recursive: true, force: true });
});

test('a file that is not a spreadsheet is refused with what to do', async ({ page }) => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-e2e-bad-'));
  const file = path.join(dir, 'notes.txt');
  await fs.writeFile(file, 'hello');
  await signIn(page, '/imports');
  await page.getByTestId('import-file-input').setInputFiles(file);
  await expect(page.getByTestId('import-upload-error')).toContainText('not an .xlsx or .csv file');
  await fs.rm(dir, { recursive: true, force: true });
});
