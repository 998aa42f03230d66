/**
 * Dashboard speed, measured with Playwright against a real `tagwright start` (as the e2e suite runs
 * it): the dashboard's first load and a fresh load after it (navigation to hydrated, signed in),
 * and the job monitor scrolled through 1,000 screenshots while 200 row changes a second arrive
 * (frame times from requestAnimationFrame in the page). Prints one JSON line.
 */

import { chromium } from 'playwright-core';
import postgres from 'postgres';
import startApp from '../e2e/start-app.ts';
import { findChromium } from '../worker/src/browser/find-chromium.ts';

const DEMO = '00000000-0000-4000-8000-000000000001';
const stop = await startApp();
const sql = postgres(process.env.E2E_DATABASE_URL ?? '', { max: 4, onnotice: () => undefined });
let writing = true;
const browser = await chromium.launch({ executablePath: findChromium().executablePath, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const base = process.env.E2E_BASE_URL ?? '';
  const hydrated = () => page.locator('html[data-hydrated="true"]').waitFor();
  await page.goto(`${base}/login`);
  await hydrated();
  await page.getByLabel('Email').fill(process.env.E2E_EMAIL ?? '');
  await page.getByLabel('Password').fill(process.env.E2E_PASSWORD ?? '');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();

  const load = async (url: string) => {
    const started = performance.now();
    await page.goto(url);
    await hydrated();
    return Math.round(performance.now() - started);
  };
  const firstLoad = await load(`${base}/`);
  const loads = [await load(`${base}/`), await load(`${base}/`), await load(`${base}/`)].sort((a, b) => a - b);

  // a job with 50 products × 20 screenshots
  const [template] = await sql<{ id: string }[]>`select id from templates where workspace_id = ${DEMO} limit 1`;
  const [job] = await sql<{ id: string }[]>`
    insert into jobs (workspace_id, kind, params, status, stage, progress, locked_by, lease_until, started_at)
    values (${DEMO}, 'bench', ${sql.json({ template_id: template?.id })}, 'running', 'crawling', 40, 'bench', now() + interval '1 hour', now())
    returning id`;
  const jobId = job?.id ?? '';
  const products = await sql<{ id: string; url: string }[]>`select id, url from products where workspace_id = ${DEMO} limit 20`;
  const items = await sql<{ id: string }[]>`
    insert into job_items (workspace_id, job_id, product_id, url, status)
    select ${DEMO}, ${jobId}, p.id, p.url, 'running' from products p where p.id = any(${products.map((p) => p.id)}::uuid[])
    returning id`;
  const shots = items.flatMap((item) => Array.from({ length: 50 }, (_, n) => ({ item: item.id, name: `shot-${n}` })));
  await sql`
    insert into screenshots (workspace_id, job_id, job_item_id, name, kind, width, height, bytes)
    select ${DEMO}, ${jobId}, s.item, s.name, 'viewport', 1280, 800, 100000
    from jsonb_to_recordset(${sql.json(shots)}) as s(item uuid, name text)`;

  await page.goto(`${base}/jobs/${jobId}`);
  await hydrated();
  await page.getByTestId('screenshot-thumb').first().waitFor();
  // 200 changes a second to the job's screenshots while the gallery is scrolled
  const writer = (async () => {
    let n = 0;
    while (writing) {
      const started = performance.now();
      await sql`update screenshots set bytes = bytes + 1 where id in (select id from screenshots where job_id = ${jobId} order by id offset ${(n * 20) % 1000} limit 20)`;
      n++;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 100 - (performance.now() - started))));
    }
  })();
  // a string, not a function: tsx would add helpers the page doesn't have
  const frames = (await page.evaluate(`new Promise((resolve) => {
    const gallery = document.querySelector('[data-testid="screenshot-gallery"]');
    const times = [];
    let last = performance.now();
    const until = last + 8000;
    requestAnimationFrame(function tick(now) {
      times.push(now - last);
      last = now;
      gallery.scrollTop = ((now % 4000) / 4000) * (gallery.scrollHeight - gallery.clientHeight);
      if (now < until) requestAnimationFrame(tick);
      else resolve(times.slice(1));
    });
  })`)) as number[];
  writing = false;
  await writer;
  const sorted = [...frames].sort((a, b) => a - b);
  const pct = (p: number) => Number((sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0).toFixed(1));
  const thumbs = await page.getByTestId('screenshot-thumb').count();
  console.log(
    JSON.stringify({
      bench: 'dashboard',
      dashboard_first_load_ms: firstLoad,
      dashboard_load_ms_median: loads[1],
      monitor_screenshots: shots.length,
      changes_per_s: 200,
      frame_ms_p50: pct(0.5),
      frame_ms_p95: pct(0.95),
      frames_over_50ms: frames.filter((f) => f > 50).length,
      thumbnails_in_dom: thumbs,
    }),
  );
} finally {
  writing = false;
  await browser.close();
  await sql.end();
  await stop();
}
