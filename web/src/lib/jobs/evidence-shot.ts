/**
 * Which screenshot proves a match: evidence boxes are in page pixels (the crop's offset already
 * added by the worker), so they are drawn on the item's full-page shot; evidence without a box
 * but naming a shot (`evidence.screenshot`, e.g. "price") opens that one.
 */
import { evidenceBox } from './ocr-boxes.ts';
import type { MatchRow, ScreenshotRow } from './types.ts';

export function evidenceScreenshot(
  match: Pick<MatchRow, 'job_item_id' | 'evidence'>,
  screenshots: ScreenshotRow[],
): ScreenshotRow | undefined {
  const ofItem = screenshots.filter((s) => s.job_item_id === match.job_item_id && s.public_url);
  if (evidenceBox(match.evidence)) return ofItem.find((s) => s.kind === 'full_page') ?? ofItem.find((s) => s.kind === 'viewport');
  const name = match.evidence.screenshot;
  return typeof name === 'string' ? ofItem.find((s) => s.name === name) : undefined;
}
