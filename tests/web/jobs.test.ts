/**
 * The jobs pages' server code over a real Postgres, as each user: lists and counts under RLS, the
 * monitor's snapshot (404 for strangers, events capped), new jobs (viewers refused, foreign
 * templates refused), cancel, retry of all / failed / mismatched products, hourly activity, search.
 */
import { asUser } from '@tagwright/shared/db';
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { validateParams } from '../../web/src/lib/jobs/new-job-form.ts';
import { requestCancel } from '../../web/src/lib/server/jobs/cancel-job.ts';
import { createLabelRun, JobRequestError } from '../../web/src/lib/server/jobs/create-job.ts';
import { hourlyActivity } from '../../web/src/lib/server/jobs/dashboard-stats.ts';
import { getJob, listJobs, statusCounts } from '../../web/src/lib/server/jobs/job-rows.ts';
import { EVENT_LIMIT, jobSnapshot } from '../../web/src/lib/server/jobs/job-snapshot.ts';
import { latestImports, matchingProductIds, searchProducts, workspaceTemplates } from '../../web/src/lib/server/jobs/new-job-choices.ts';
import { retryJob } from '../../web/src/lib/server/jobs/retry-job.ts';
import { recentEvents } from '../../web/src/lib/server/jobs/workspace-events.ts';
import { addMember, createUser, createWorkspace } from '../db/fixtures.ts';

let db: TestPostgres;
let owner: string;
let viewer: string;
let stranger: string;
let ws: string;
let otherWs: string;
let template: string;
let foreignTemplate: string;
let finishedJob: string;
const products: string[] = [];
const items: string[] = [];

const params = (extra: Record<string, unknown> = {}) => {
  const checked = validateParams({
    template_id: template,
    product_ids: products.slice(0, 2),
    outputs: ['png'],
    checks: ['price'],
    ...extra,
  });
  if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
  return checked.params;
};

beforeAll(async () => {
  db = await testPostgres();
  owner = await createUser(db.sql, 'owner@example.com');
  viewer = await createUser(db.sql, 'viewer@example.com');
  stranger = await createUser(db.sql, 'stranger@example.com');
  ws = await createWorkspace(db.sql, 'Shop', owner);
  otherWs = await createWorkspace(db.sql, 'Elsewhere', stranger);
  await addMember(db.sql, ws, viewer, 'viewer');
  const [t] =
    await db.sql`insert into public.templates (workspace_id, name, width_mm, height_mm) values (${ws}, 'Tag', 50, 25) returning id`;
  const [f] =
    await db.sql`insert into public.templates (workspace_id, name, width_mm, height_mm) values (${otherWs}, 'Theirs', 50, 25) returning id`;
  template = t?.id;
  foreignTemplate = f?.id;
  const [imp] =
    await db.sql`insert into public.imports (workspace_id, file_name, status) values (${ws}, 'shop.xlsx', 'succeeded') returning id`;
  for (const [i, name] of ['Oat drink', 'Rice 100%', 'Honey', 'Jam'].entries()) {
    const [p] = await db.sql`insert into public.products (workspace_id, sku, name, price, import_id)
      values (${ws}, ${`SKU-${i}`}, ${name}, 1.5, ${imp?.id}) returning id`;
    products.push(p?.id);
  }
  // a finished job: item 0 failed, item 1 had a price mismatch, items 2 and 3 matched
  const [job] = await db.sql`insert into public.jobs (workspace_id, params, status, stage, progress, finished_at)
    values (${ws}, ${db.sql.json({ import_id: imp?.id, template_id: template, outputs: ['png', 'sheet'], policy: 'all', checks: ['price'] })},
      'succeeded', 'done', 100, now()) returning id`;
  finishedJob = job?.id;
  for (const [i, status] of (['failed', 'succeeded', 'succeeded', 'succeeded'] as const).entries()) {
    const [item] = await db.sql`insert into public.job_items (workspace_id, job_id, product_id, url, status)
      values (${ws}, ${finishedJob}, ${products[i] as string}, ${`https://shop.example/${i}`}, ${status}) returning id`;
    items.push(item?.id);
    if (i > 0)
      await db.sql`insert into public.matches (workspace_id, job_id, job_item_id, field, expected, found, verdict, source)
        values (${ws}, ${finishedJob}, ${item?.id}, 'price', '1.5000', ${i === 1 ? '1.99' : '1.50'}, ${i === 1 ? 'mismatch' : 'match'}, 'jsonld')`;
  }
  const [shot] = await db.sql`insert into public.screenshots (workspace_id, job_id, job_item_id, name, kind, public_url, width, height)
    values (${ws}, ${finishedJob}, ${items[1] as string}, 'price', 'region', 'http://x/p.png', 100, 20) returning id`;
  await db.sql`insert into public.ocr_results (workspace_id, job_id, screenshot_id, status, text, words)
    values (${ws}, ${finishedJob}, ${shot?.id}, 'completed', '1,99 €', ${db.sql.json([{ text: '1,99', confidence: 90, box: { x: 1, y: 2, width: 30, height: 10 } }])})`;
  await db.sql`insert into public.job_events (workspace_id, job_id, type, payload)
    select ${ws}, ${finishedJob}, 'item:progress', jsonb_build_object('n', g) from generate_series(1, ${EVENT_LIMIT + 50}) g`;
});
afterAll(async () => {
  await db?.stop();
});

test('the workspace lists its jobs with the template name; a stranger sees none of them', async () => {
  const mine = await asUser(db.sql, owner, (tx) => listJobs(tx, ws));
  expect(mine.map((j) => j.id)).toContain(finishedJob);
  expect(mine.find((j) => j.id === finishedJob)?.template_name).toBe('Tag');
  expect(await asUser(db.sql, stranger, (tx) => listJobs(tx, ws))).toEqual([]);
  expect((await asUser(db.sql, stranger, (tx) => statusCounts(tx, ws))).succeeded).toBe(0);
  expect((await asUser(db.sql, viewer, (tx) => statusCounts(tx, ws))).succeeded).toBeGreaterThanOrEqual(1);
});

test("the monitor's snapshot holds every table of the job, the newest 200 events in order", async () => {
  const snap = await asUser(db.sql, viewer, (tx) => jobSnapshot(tx, finishedJob));
  expect(snap?.jobs[0]?.id).toBe(finishedJob);
  expect(snap?.job_items).toHaveLength(4);
  expect(snap?.matches).toHaveLength(3);
  expect(snap?.screenshots).toHaveLength(1);
  expect(snap?.ocr_results[0]?.words).toEqual([{ text: '1,99', confidence: 90, box: { x: 1, y: 2, width: 30, height: 10 } }]);
  expect(snap?.job_events).toHaveLength(EVENT_LIMIT);
  const ns = snap?.job_events.map((e) => Number(e.payload.n)) ?? [];
  expect(ns[0]).toBe(51);
  expect(ns.at(-1)).toBe(EVENT_LIMIT + 50);
});

test("another workspace's job, or a malformed id, is not there (the page answers 404)", async () => {
  expect(await asUser(db.sql, stranger, (tx) => jobSnapshot(tx, finishedJob))).toBeUndefined();
  expect(await asUser(db.sql, owner, (tx) => getJob(tx, 'not-a-uuid'))).toBeUndefined();
  expect(await asUser(db.sql, stranger, (tx) => recentEvents(tx, ws))).toEqual([]);
});

test('an owner starts a label run; a viewer is refused and no row is made', async () => {
  const id = await asUser(db.sql, owner, (tx) => createLabelRun(tx, ws, params()));
  const [row] = await db.sql`select kind, status, params, created_by from public.jobs where id = ${id}`;
  expect(row).toMatchObject({ kind: 'label_run', status: 'queued', created_by: owner });
  expect(row?.params.product_ids).toEqual(products.slice(0, 2));
  const before = await db.sql`select count(*)::int as n from public.jobs`;
  const refused = asUser(db.sql, viewer, (tx) => createLabelRun(tx, ws, params()));
  await expect(refused).rejects.toBeInstanceOf(JobRequestError);
  await expect(refused).rejects.toMatchObject({ status: 403 });
  expect(await db.sql`select count(*)::int as n from public.jobs`).toEqual(before);
});

test('a template of another workspace is refused with a message', async () => {
  await expect(asUser(db.sql, owner, (tx) => createLabelRun(tx, ws, params({ template_id: foreignTemplate })))).rejects.toThrow(
    /not in this workspace/,
  );
});

test('cancel: a queued job is canceled at once; a viewer and a finished job are refused', async () => {
  const id = await asUser(db.sql, owner, (tx) => createLabelRun(tx, ws, params()));
  await expect(asUser(db.sql, viewer, (tx) => requestCancel(tx, id))).rejects.toMatchObject({ status: 403 });
  await asUser(db.sql, owner, (tx) => requestCancel(tx, id));
  const [row] = await db.sql`select status, cancel_requested from public.jobs where id = ${id}`;
  expect(row).toMatchObject({ status: 'canceled', cancel_requested: true });
  await expect(asUser(db.sql, owner, (tx) => requestCancel(tx, id))).rejects.toThrow(/already been canceled/);
  await expect(asUser(db.sql, stranger, (tx) => requestCancel(tx, id))).rejects.toMatchObject({ status: 404 });
});

test('retry makes a new job with the same options for all, failed or mismatched products', async () => {
  const newParams = async (mode: 'all' | 'failed' | 'mismatched') => {
    const id = await asUser(db.sql, owner, (tx) => retryJob(tx, finishedJob, mode));
    const [row] = await db.sql`select params from public.jobs where id = ${id}`;
    return row?.params;
  };
  expect((await newParams('failed')).product_ids).toEqual([products[0]]);
  expect((await newParams('mismatched')).product_ids).toEqual([products[1]]);
  const all = await newParams('all');
  expect(all.product_ids).toEqual(products);
  expect(all).toMatchObject({ template_id: template, outputs: ['png', 'sheet'], policy: 'all', checks: ['price'] });
  expect(all.import_id).toBeUndefined();
});

test('retry says when there is nothing to run again, and viewers may not retry', async () => {
  const [job] = await db.sql`insert into public.jobs (workspace_id, params, status, finished_at)
    values (${ws}, ${db.sql.json({ product_ids: [products[2] as string], template_id: template })}, 'succeeded', now()) returning id`;
  await db.sql`insert into public.job_items (workspace_id, job_id, product_id, url, status) values (${ws}, ${job?.id}, ${products[2] as string}, 'https://s/2', 'succeeded')`;
  await expect(asUser(db.sql, owner, (tx) => retryJob(tx, job?.id, 'failed'))).rejects.toThrow(
    'This job has no failed products to run again.',
  );
  await expect(asUser(db.sql, viewer, (tx) => retryJob(tx, finishedJob, 'all'))).rejects.toMatchObject({ status: 403 });
});

test('hourly activity: 24 buckets, this hour counts the finished items and verdicts', async () => {
  const hours = await asUser(db.sql, owner, (tx) => hourlyActivity(tx, ws));
  expect(hours).toHaveLength(24);
  const now = hours.at(-1);
  expect(now?.checked).toBeGreaterThanOrEqual(4);
  expect(now).toMatchObject({ match: 2, mismatch: 1, missing: 0 });
  expect(hours.slice(0, -1).every((h) => h.checked === 0)).toBe(true);
  expect((await asUser(db.sql, stranger, (tx) => hourlyActivity(tx, ws))).at(-1)?.checked).toBe(0);
});

test('new-job choices: imports with product counts, templates, search by name or SKU with % taken literally', async () => {
  const [imp] = await asUser(db.sql, owner, (tx) => latestImports(tx, ws));
  expect(imp).toMatchObject({ file_name: 'shop.xlsx', products: 4 });
  expect((await asUser(db.sql, owner, (tx) => workspaceTemplates(tx, ws))).map((t) => t.name)).toEqual(['Tag']);
  expect((await asUser(db.sql, owner, (tx) => searchProducts(tx, ws, 'oat'))).products.map((p) => p.sku)).toEqual(['SKU-0']);
  expect((await asUser(db.sql, owner, (tx) => searchProducts(tx, ws, 'sku-'))).total).toBe(4);
  expect((await asUser(db.sql, owner, (tx) => searchProducts(tx, ws, '100%'))).products.map((p) => p.name)).toEqual(['Rice 100%']);
  expect(await asUser(db.sql, owner, (tx) => matchingProductIds(tx, ws, ''))).toHaveLength(4);
  expect(await asUser(db.sql, stranger, (tx) => matchingProductIds(tx, ws, ''))).toEqual([]);
});

test('the dashboard feed is the newest events by id, not by id as text', async () => {
  const events = await asUser(db.sql, owner, (tx) => recentEvents(tx, ws, 3));
  expect(events.map((e) => Number(e.payload.n))).toEqual([EVENT_LIMIT + 50, EVENT_LIMIT + 49, EVENT_LIMIT + 48]);
});
