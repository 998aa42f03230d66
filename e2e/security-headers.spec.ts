/**
 * The dashboard's security headers as a browser receives them: a CSP that allows scripts only from
 * the app itself (an injected inline script is blocked and reported), the Supabase origin allowed
 * for the live connection, no framing; and the pages work under it with no CSP violations.
 */
import { expect, test } from '@playwright/test';
import { open, signIn } from './helpers.ts';

test('pages carry a strict CSP, work under it, and an injected inline script does not run', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto('/login');
  const headers = response?.headers() ?? {};
  const csp = headers['content-security-policy'] ?? '';
  expect(csp).toMatch(/script-src 'self'/);
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toMatch(/connect-src 'self' https?:\/\/[^ ]+ wss?:\/\//);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['x-frame-options']).toBe('DENY');

  await signIn(page, '/');
  for (const path of ['/', '/imports', '/labels', '/templates', '/jobs/new']) await open(page, path);
  // the live connection to Supabase is allowed: the dashboard's badge says it is connected
  await open(page, '/');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  expect(violations).toEqual([]);

  // what an XSS would try: an inline script added to the page is refused by the CSP
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.__injected = true';
    document.body.append(script);
  });
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
  await expect.poll(() => violations.length).toBeGreaterThan(0);
});
