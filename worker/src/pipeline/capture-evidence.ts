/**
 * The screenshot and OCR stages for one loaded page: viewport and full page, crops of the name and
 * of what OCR reads (the price, or pictures that may hold it), each stored through the object store
 * with its row (captured, then uploaded); prices OCR reads become `ocr` candidates with their box.
 * An item checked again first clears what earlier attempts stored.
 */
import type { Sql } from '@tagwright/shared';
import type { Page } from 'playwright-core';
import { ocrPriceCandidates } from '../extract/ocr-candidates.ts';
import { ocrTargets } from '../extract/ocr-targets.ts';
import type { PageFacts } from '../extract/page-facts.ts';
import type { Box, Candidate, Extraction } from '../extract/types.ts';
import type { OcrPool } from '../ocr/ocr-pool.ts';
import type { ObjectStore } from '../storage/index.ts';
import {
  type CapturedShot,
  finishOcrResult,
  type ItemRef,
  markScreenshotUploaded,
  saveCapturedScreenshot,
  startOcrResult,
} from './rows/save-evidence.ts';

export interface EvidenceDeps {
  sql: Sql;
  store: ObjectStore;
  ocr: OcrPool;
  signal: AbortSignal;
}

export interface EvidenceResult {
  /** Prices read by OCR, to weigh with the others. */
  ocrCandidates: Candidate[];
}

/** Where a screenshot's file lives in the `screenshots` bucket. */
function screenshotKey(ref: ItemRef, name: string): string {
  return `${ref.workspaceId}/${ref.jobId}/${ref.itemId}/${name}.png`;
}

/**
 * Clears what earlier attempts at this item left, before it is checked again (a worker died
 * mid-item, or the job is rerun): screenshot files, their rows (OCR results go with them) and
 * matches, so the item ends with this attempt's evidence only. A screenshot row is written before
 * its upload, so every file an attempt stored is named here even when the worker died before
 * marking it uploaded (on ImageKit such a file can't be named without its id: a later upload of the
 * same name replaces it). Files go first, rows after: a crash in between is cleared by the next start.
 */
export async function clearItemEvidence(sql: Sql, store: ObjectStore, ref: ItemRef): Promise<void> {
  const shots = await sql<{ name: string; path: string | null }[]>`
    select name, path from public.screenshots where job_item_id = ${ref.itemId}`;
  if (shots.length > 0) {
    const keys = shots.flatMap((s) => s.path ?? store.keyFor('screenshots', screenshotKey(ref, s.name)) ?? []);
    await store.remove('screenshots', keys);
    await sql`delete from public.screenshots where job_item_id = ${ref.itemId}`;
  }
  await sql`delete from public.matches where job_item_id = ${ref.itemId}`;
}

/** Full-page shots stop here: a longer page is cut (its top holds the product). */
const FULL_PAGE_MAX_HEIGHT = 6000;
const PAD = 12;

function padded(box: Box, page: { width: number; height: number }): Box {
  const x = Math.max(0, box.x - PAD);
  const y = Math.max(0, box.y - PAD);
  return {
    x,
    y,
    width: Math.max(1, Math.min(page.width - x, box.width + 2 * PAD)),
    height: Math.max(1, Math.min(page.height - y, box.height + 2 * PAD)),
  };
}

export async function captureEvidence(
  page: Page,
  ref: ItemRef,
  read: { facts: PageFacts; extraction: Extraction },
  deps: EvidenceDeps,
): Promise<EvidenceResult> {
  const { facts, extraction } = read;
  const { sql, store, signal } = deps;
  const size = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight }));
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
  const pageSize = { width: Math.max(size.width, viewport.width), height: Math.max(size.height, viewport.height) };

  const shoot = async (name: string, kind: CapturedShot['kind'], region: Box | null, image: Buffer, width: number, height: number) => {
    signal.throwIfAborted();
    const id = await saveCapturedScreenshot(sql, ref, {
      name,
      kind,
      width,
      height,
      bytes: image.length,
      region: region ? { ...region } : null,
    });
    const stored = await store.put('screenshots', screenshotKey(ref, name), image, 'image/png');
    await markScreenshotUploaded(sql, id, stored);
    return id;
  };

  const viewportShot = await page.screenshot({ type: 'png' });
  const viewportId = await shoot('viewport', 'viewport', null, viewportShot, viewport.width, viewport.height);
  const fullHeight = Math.min(pageSize.height, FULL_PAGE_MAX_HEIGHT);
  const full = await page.screenshot({ type: 'png', fullPage: true, clip: { x: 0, y: 0, width: viewport.width, height: fullHeight } });
  await shoot('full_page', 'full_page', null, full, viewport.width, fullHeight);

  const crop = async (name: string, box: Box) => {
    const clip = padded(box, pageSize);
    const image = await page.screenshot({ type: 'png', fullPage: true, clip });
    const id = await shoot(name, 'region', clip, image, Math.round(clip.width), Math.round(clip.height));
    return { image, box: clip, id };
  };
  const nameBox = extraction.name?.evidence.box;
  if (nameBox && nameBox.width >= 2 && nameBox.height >= 2) await crop('name', nameBox);

  // OCR what matters (see ocr-targets): the price crop, else pictures near the heading, else the viewport.
  const ocrCandidates: Candidate[] = [];
  for (const target of ocrTargets(facts, extraction)) {
    const shot =
      target.name === 'viewport'
        ? { image: viewportShot, box: target.box, id: viewportId }
        : target.box.width >= 2 && target.box.height >= 2
          ? await crop(target.name, target.box)
          : undefined;
    if (!shot) continue;
    const screenshotId = shot.id;
    await startOcrResult(sql, ref, screenshotId);
    const started = performance.now();
    try {
      const result = await deps.ocr.recognize(shot.image, signal, target.layout);
      await finishOcrResult(sql, screenshotId, { ok: true, ...result });
      ocrCandidates.push(...ocrPriceCandidates(result, shot.box, target.name));
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      await finishOcrResult(sql, screenshotId, {
        ok: false,
        error: (error as Error).message,
        durationMs: Math.round(performance.now() - started),
      });
    }
  }
  return { ocrCandidates };
}
