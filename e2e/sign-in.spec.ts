/** Sign in and out as a new user would, with the login `npm start` printed; pages need a session. */
import { expect, test } from '@playwright/test';
import { open, screenshot, signIn } from './helpers.ts';

test('a page needs a session: it sends you to sign in and back', async ({ page }) => {
  await open(page, '/labels');
  await expect(page).toHaveURL(/\/login\?next=%2Flabels/);
  await screenshot(page, 'sign-in');
  await page.getByLabel('Email').fill(process.env.E2E_EMAIL ?? '');
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toHaveText('Wrong email or password.');
  await page.getByLabel('Password').fill(process.env.E2E_PASSWORD ?? '');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/labels$/);
  await expect(page.getByTestId('workspace-name')).toHaveText('Demo');
});

test('signing out ends the session', async ({ page }) => {
  await signIn(page);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/');
  await expect(page).toHaveURL(/\/login/);
});
