/**
 * Bad-input corpus, label templates: a template row with a bad element (as another system or an old
 * designer could write it) makes a label_run fail on its first attempt, before any page is opened,
 * with the template and the element's path and problem in the job's error column.
 */
import { expect, test } from 'vitest';
import { labelRunHandler } from '../../worker/src/kinds/label-run.ts';
import { insertJob, jobRow, useQueueTestDb } from '../../worker/src/testing.ts';

const t = useQueueTestDb();
let opened = 0;

async function jobErrorFor(element: Record<string, unknown>): Promise<string> {
  await t.workers.start({
    handlers: [
      labelRunHandler(async () => {
        opened++;
        throw new Error('a page was about to be opened');
      }) as never,
    ],
  });
  const [template] = await t.db.sql<{ id: string }[]>`
    insert into templates (workspace_id, name, width_mm, height_mm, elements)
    values (${t.ws}, ${`Shelf ${Math.random()}`}, 50, 30, ${t.db.sql.json([{ type: 'text', x: 1, y: 1, width: 40, height: 8, text: '{{name}}' }, element] as never)})
    returning id`;
  const job = await insertJob(t.db.sql, t.ws, { kind: 'label_run', params: { skus: ['A-1'], template_id: template?.id ?? '' } });
  await expect.poll(async () => (await jobRow(t.db.sql, job.id)).status, { timeout: 15_000 }).toBe('failed');
  const row = await jobRow(t.db.sql, job.id);
  expect(row.attempts).toBe(1);
  expect(opened).toBe(0);
  expect(row.error).toMatch(/^Template "Shelf [\d.]+" is not valid — elements\.1/);
  expect(row.error).toMatch(/Fix it in the designer\.$/);
  return row.error ?? '';
}

const box = { x: 2, y: 2, width: 10, height: 10 };

test('an element of an unknown type names the element and the types there are', { timeout: 20_000 }, async () => {
  expect(await jobErrorFor({ ...box, type: 'hologram' })).toContain(
    "elements.1.type: Invalid discriminator value. Expected 'text' | 'barcode' | 'image' | 'box' | 'line'",
  );
});

test('a negative size names the element and the field', { timeout: 20_000 }, async () => {
  expect(await jobErrorFor({ type: 'box', x: 2, y: 2, width: -5, height: 10 })).toMatch(/elements\.1\.width: Too small/);
});

test('an image that is not a PNG data URI names the element and says what to use', { timeout: 20_000 }, async () => {
  expect(await jobErrorFor({ ...box, type: 'image', src: 'http://169.254.169.254/logo.png' })).toContain(
    'elements.1.src: use a PNG data URI (data:image/png;base64,…) or a {{binding}}',
  );
});

test('a JPEG data URI is not taken for a PNG', { timeout: 20_000 }, async () => {
  expect(await jobErrorFor({ ...box, type: 'image', src: 'data:image/jpeg;base64,/9j/4AAQ' })).toContain(
    'elements.1.src: use a PNG data URI',
  );
});

test('a font that is not shipped names the element and the fonts there are', { timeout: 20_000 }, async () => {
  expect(await jobErrorFor({ ...box, type: 'text', text: 'x', font: 'Comic Sans MS' })).toMatch(/elements\.1\.font: .*"Inter"/);
});
