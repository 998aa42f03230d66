/** What every e2e test does: sign in with the printed demo login, and save a screenshot of a page to look at. */
import path from 'node:path';
import { expect, type Page } from '@playwright/test';

/** Opens a page and waits until Svelte has hydrated it (clicks before that would be plain HTML posts). */
export async function open(page: Page, url: string) {
  await page.goto(url);
  await page.locator('html[data-hydrated="true"]').waitFor();
}

/** Signs in as the demo user, or as `login` (e.g. a viewer a test added). */
export async function signIn(page: Page, next = '/', login?: { email: string; password: string }) {
  await open(page, `/login?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(login?.email ?? process.env.E2E_EMAIL ?? '');
  await page.getByLabel('Password').fill(login?.password ?? process.env.E2E_PASSWORD ?? '');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await page.locator('html[data-hydrated="true"]').waitFor();
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: path.resolve(import.meta.dirname, '../test-results/screens', `${name}.png`), fullPage: true });
}
