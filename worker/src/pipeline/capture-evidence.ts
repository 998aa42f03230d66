/**
 * The screenshot and OCR stages for one loaded page: viewport and full page, crops of the regions
 * that hold the name and price candidates, each stored through the object store with its row
 * (captured, then uploaded); the price crop — or the viewport when the page states no price in
 * text — is OCR'd, and prices read there become `ocr` candidates with their box on the screenshot.
 */
import { findPrices, type Sql } from '@tagwright/shared';
import type { Page } from 'playwright-core';
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
  screenshots: { name: string; id: string; url: string }[];
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

/** The box of the price a shopper sees: the decided price if it was seen on the page, else the most prominent DOM price. */
function priceBox(extraction: Extraction): Box | undefined {
  if (extraction.price?.evidence.box) return extraction.price.evidence.box;
  return extraction.candidates
    .filter((c) => c.field === 'price' && c.source === 'dom' && c.evidence.box)
    .sort((a, b) => b.confidence - a.confidence)[0]?.evidence.box;
}

export async function captureEvidence(page: Page, ref: ItemRef, extraction: Extraction, deps: EvidenceDeps): Promise<EvidenceResult> {
  const { sql, store, signal } = deps;
  const size = await page.evaluate(() => ({ width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight }));
  const viewport = page.viewportSize() ?? { width: 1280, height: 800 };
  const pageSize = { width: Math.max(size.width, viewport.width), height: Math.max(size.height, viewport.height) };
  const screenshots: EvidenceResult['screenshots'] = [];
  const ids = new Map<string, string>();

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
    const stored = await store.put('screenshots', `${ref.workspaceId}/${ref.jobId}/${ref.itemId}/${name}.png`, image, 'image/png');
    await markScreenshotUploaded(sql, id, stored);
    screenshots.push({ name, id, url: stored.url });
    ids.set(name, id);
    return id;
  };

  const viewportShot = await page.screenshot({ type: 'png' });
  await shoot('viewport', 'viewport', null, viewportShot, viewport.width, viewport.height);
  const fullHeight = Math.min(pageSize.height, FULL_PAGE_MAX_HEIGHT);
  const full = await page.screenshot({ type: 'png', fullPage: true, clip: { x: 0, y: 0, width: viewport.width, height: fullHeight } });
  await shoot('full_page', 'full_page', null, full, viewport.width, fullHeight);

  const regions: [string, Box | undefined][] = [
    ['name', extraction.name?.evidence.box],
    ['price', priceBox(extraction)],
  ];
  const crops = new Map<string, { image: Buffer; box: Box }>();
  for (const [name, box] of regions) {
    if (!box || box.width < 2 || box.height < 2) continue;
    const clip = padded(box, pageSize);
    const image = await page.screenshot({ type: 'png', fullPage: true, clip });
    await shoot(name, 'region', clip, image, Math.round(clip.width), Math.round(clip.height));
    crops.set(name, { image, box: clip });
  }

  // OCR what matters: the price crop; the viewport only when the page states no price in its text.
  const textPrice = extraction.candidates.some((c) => c.field === 'price' && c.source !== 'ocr');
  const target =
    crops.get('price') ??
    (textPrice ? undefined : { image: viewportShot, box: { x: 0, y: 0, width: viewport.width, height: viewport.height } });
  const targetName = crops.has('price') ? 'price' : 'viewport';
  const ocrCandidates: Candidate[] = [];
  const screenshotId = ids.get(targetName);
  if (target && screenshotId) {
    await startOcrResult(sql, ref, screenshotId);
    const started = performance.now();
    try {
      const result = await deps.ocr.recognize(target.image, signal);
      await finishOcrResult(sql, screenshotId, { ok: true, ...result });
      for (const price of findPrices(result.text)
        .filter((p) => p.role !== 'old')
        .slice(0, 3)) {
        const words = result.words.filter((w) => price.text.includes(w.text) || w.text.includes(price.amount.split('.')[0] ?? '\u0000'));
        const box = words.length > 0 ? unionBox(words.map((w) => w.box)) : undefined;
        ocrCandidates.push({
          field: 'price',
          value: price.amount,
          currency: price.currency,
          source: 'ocr',
          confidence: price.marker ? 0.55 : 0.4,
          evidence: {
            screenshot: targetName,
            text: price.text,
            ...(box ? { box: { ...box, x: box.x + target.box.x, y: box.y + target.box.y } } : {}),
          },
        });
      }
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      await finishOcrResult(sql, screenshotId, {
        ok: false,
        error: (error as Error).message,
        durationMs: Math.round(performance.now() - started),
      });
    }
  }
  return { ocrCandidates, screenshots };
}

function unionBox(boxes: Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}
