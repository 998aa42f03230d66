/** A match's evidence opens the right screenshot: boxes on the full page, named shots by name, nothing for JSON-LD paths. */
import { expect, test } from 'vitest';
import { evidenceScreenshot } from './evidence-shot.ts';
import type { ScreenshotRow } from './types.ts';

const shot = (id: string, item: string, name: string, kind: ScreenshotRow['kind'], url: string | null = `http://x/${id}.png`) =>
  ({ id, job_item_id: item, name, kind, public_url: url }) as ScreenshotRow;
const shots = [
  shot('v1', 'i1', 'viewport', 'viewport'),
  shot('f1', 'i1', 'full_page', 'full_page'),
  shot('p1', 'i1', 'price', 'region'),
  shot('f2', 'i2', 'full_page', 'full_page'),
];

test('a box is shown on the same item full-page shot', () => {
  expect(
    evidenceScreenshot({ job_item_id: 'i1', evidence: { screenshot: 'price', box: { x: 1, y: 2, width: 3, height: 4 } } }, shots)?.id,
  ).toBe('f1');
});
test('a named shot without a box opens that shot', () => {
  expect(evidenceScreenshot({ job_item_id: 'i1', evidence: { screenshot: 'price' } }, shots)?.id).toBe('p1');
});
test('JSON-LD evidence and shots not uploaded yet open nothing', () => {
  expect(evidenceScreenshot({ job_item_id: 'i1', evidence: { path: 'jsonld[0].offers[0].price' } }, shots)).toBeUndefined();
  expect(
    evidenceScreenshot({ job_item_id: 'i3', evidence: { box: { x: 1, y: 1, width: 1, height: 1 } } }, [
      shot('f3', 'i3', 'full_page', 'full_page', null),
    ]),
  ).toBeUndefined();
});
