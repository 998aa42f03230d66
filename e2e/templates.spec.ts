/**
 * Making a template in the designer as a new user would: a blank label on a stock, a text bound
 * to the product name and an EAN-13 added, the engine's preview showing them, undo/redo, saved
 * through the shared schema and found in the database as designed; a fixed barcode value with a
 * wrong check digit explained beside it and refused until it is right.
 */
import { expect, type Page, test } from '@playwright/test';
import { database } from './database.ts';
import { screenshot, signIn } from './helpers.ts';

/** From the templates list: a new blank template on a 57 × 32 mm roll, opened in the designer. */
async function newBlankTemplate(page: Page, name: string): Promise<void> {
  await page.getByTestId('new-template').click();
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Start from').selectOption('blank');
  await page.getByLabel('Stock (sets the label size)').selectOption('roll-57x32');
  await page.getByRole('button', { name: 'Create and open' }).click();
}

test('a blank template gets a bound text and a barcode, previews, and saves', async ({ page }) => {
  await signIn(page, '/templates');
  await expect(page.getByTestId('template-card').first()).toBeVisible();
  await screenshot(page, 'templates');
  await newBlankTemplate(page, 'E2E price tag');
  await expect(page.getByTestId('designer-canvas')).toBeVisible();

  await page.getByTestId('add-text').click();
  const text = page.getByTestId('property-panel').getByLabel('Text', { exact: true });
  await text.fill('{{name}}');
  await text.blur();
  await page.getByTestId('add-barcode').click();
  await expect(page.getByTestId('designer-element')).toHaveCount(2);
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('designer-element')).toHaveCount(1);
  await page.getByTestId('redo').click();
  await expect(page.getByTestId('designer-element')).toHaveCount(2);
  // the preview is the worker's engine drawing the chosen product
  await expect(page.getByTestId('preview-image')).toBeVisible();
  await expect(page.getByTestId('preview-error')).toHaveCount(0);
  await screenshot(page, 'designer');

  await page.getByTestId('save-template').click();
  await expect(page.getByText(/^Saved /)).toBeVisible();
  await expect(page.getByTestId('save-template')).toBeDisabled();
  const sql = database();
  const [saved] = await sql<{ width_mm: string; stock: string; elements: { type: string; text?: string; symbology?: string }[] }[]>`
    select width_mm::text, stock, elements from templates where name = 'E2E price tag'`;
  await sql.end();
  expect(saved).toMatchObject({ width_mm: '57.00', stock: 'roll-57x32' });
  expect(saved?.elements.map((e) => e.type)).toEqual(['text', 'barcode']);
  expect(saved?.elements[0]?.text).toBe('{{name}}');
});

test('a fixed EAN-13 with a wrong check digit is explained next to its value and not saved until it is right', async ({ page }) => {
  await signIn(page, '/templates');
  await newBlankTemplate(page, 'E2E fixed barcode');
  await page.getByTestId('add-barcode').click();
  const value = page.getByTestId('property-panel').getByLabel('Value', { exact: true });
  await value.fill('4006381333932');
  await value.blur();
  await expect(page.getByTestId('property-panel')).toContainText('EAN-13 "4006381333932" has check digit 2, but it should be 1.');
  await screenshot(page, 'designer-bad-barcode');
  await page.getByTestId('save-template').click();
  await expect(page.getByText(/^Not saved:/)).toBeVisible();
  const sql = database();
  const stored = async () =>
    (await sql<{ elements: { value?: string }[] }[]>`select elements from templates where name = 'E2E fixed barcode'`)[0]?.elements;
  expect(await stored()).toEqual([]);

  await value.fill('4006381333931');
  await value.blur();
  await expect(page.getByTestId('property-panel')).not.toContainText('check digit');
  await page.getByTestId('save-template').click();
  await expect(page.getByText(/^Saved /)).toBeVisible();
  await expect(page.getByTestId('save-template')).toBeDisabled();
  expect((await stored())?.map((e) => e.value)).toEqual(['4006381333931']);
  await sql.end();
});
