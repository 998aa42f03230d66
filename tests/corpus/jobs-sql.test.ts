/**
 * Bad-input corpus, jobs inserted by SQL (as another system would): each bad params object is run
 * by a real worker on a real Postgres and the job ends failed at once — no retry — with the bad field
 * named in its error column; a kind the table refuses is refused at insert with the rule it broke.
 */
import { randomUUID } from 'node:crypto';
import { expect, test } from 'vitest';
import { labelRunHandler } from '../../worker/src/kinds/label-run.ts';
import { noopHandler } from '../../worker/src/kinds/noop.ts';
import { insertJob, jobRow, useQueueTestDb } from '../../worker/src/testing.ts';

const t = useQueueTestDb();

const startWorker = () =>
  t.workers.start({
    // params and the template are checked before any page is opened: no browser is needed for these cases
    handlers: [noopHandler as never, labelRunHandler(() => Promise.reject(new Error('this test opens no pages'))) as never],
    concurrency: 2,
  });

/** Runs one job to its end and returns its error, checking that it failed on its first attempt for good. */
async function failedOnce(kind: string, params: Record<string, unknown>): Promise<string> {
  await startWorker();
  const job = await insertJob(t.db.sql, t.ws, { kind, params, max_attempts: 3 });
  await expect.poll(async () => (await jobRow(t.db.sql, job.id)).status, { timeout: 15_000 }).toBe('failed');
  const row = await jobRow(t.db.sql, job.id);
  expect(row.attempts).toBe(1);
  return row.error ?? '';
}

const template_id = randomUUID();

test('a kind the table refuses (not a lowercase name) is refused at insert, naming the rule', { timeout: 20_000 }, async () => {
  const error = await insertJob(t.db.sql, t.ws, { kind: 'Launch Rocket!' }).catch((e: unknown) => e);
  expect(error).toMatchObject({ code: '23514', constraint_name: 'jobs_kind_check' });
});

test('a label_run without template_id fails naming template_id', { timeout: 20_000 }, async () => {
  expect(await failedOnce('label_run', { skus: ['A-1'] })).toMatch(/^Bad params for label_run — template_id: /);
});

test('a label_run with ids that are not UUIDs fails naming each one', { timeout: 20_000 }, async () => {
  const error = await failedOnce('label_run', { product_ids: ['42', randomUUID()], template_id: 'tpl-1' });
  expect(error).toMatch(/^Bad params for label_run — /);
  expect(error).toContain('product_ids.0: Invalid UUID');
  expect(error).toContain('template_id: Invalid UUID');
});

test('params of the wrong type (text for a number, a string for a list) fail naming the fields', { timeout: 20_000 }, async () => {
  const error = await failedOnce('label_run', { skus: 'A-1', template_id, price_tolerance: 'a little' });
  expect(error).toContain('skus: Invalid input: expected array, received string');
  expect(error).toContain('price_tolerance: Invalid input: expected number, received string');
});

test('a negative sheet skip fails naming sheet.skip', { timeout: 20_000 }, async () => {
  expect(await failedOnce('label_run', { skus: ['A-1'], template_id, sheet: { skip: -3 } })).toMatch(
    /^Bad params for label_run — sheet\.skip: Too small: expected number to be >=0/,
  );
});

test('an unknown field (a misspelt option) fails naming it, instead of running without it', { timeout: 20_000 }, async () => {
  expect(await failedOnce('label_run', { skus: ['A-1'], template_id, polcy: 'verified' })).toMatch(
    /^Bad params for label_run — polcy: unknown field; remove it \(known: .*policy/,
  );
});

test('params that are not an object at all are refused at insert, naming the rule', { timeout: 20_000 }, async () => {
  const error = await t.db.sql`insert into jobs (workspace_id, kind, params) values (${t.ws}, 'noop', '["sleep"]')`.catch(
    (e: unknown) => e,
  );
  expect(error).toMatchObject({ code: '23514', constraint_name: 'jobs_params_check' });
});

test('a label_run that names no products fails saying how to choose them', { timeout: 20_000 }, async () => {
  expect(await failedOnce('label_run', { template_id })).toBe(
    'Bad params for label_run — (params): choose the products with one of product_ids, skus or import_id',
  );
});

test('a template_id of no template in the workspace fails before any page is opened', { timeout: 20_000 }, async () => {
  expect(await failedOnce('label_run', { skus: ['A-1'], template_id })).toBe(
    `Template ${template_id} does not exist in this workspace; pick one from Templates.`,
  );
});
