/** Prices read by OCR as extraction candidates, each with the box of its words on the page (the image's offset added). */
import { findPrices } from '@tagwright/shared';
import type { OcrResult } from '../ocr/ocr-pool.ts';
import type { Box, Candidate } from './types.ts';

function unionBox(boxes: Box[]): Box {
  const x = Math.min(...boxes.map((b) => b.x));
  const y = Math.min(...boxes.map((b) => b.y));
  const right = Math.max(...boxes.map((b) => b.x + b.width));
  const bottom = Math.max(...boxes.map((b) => b.y + b.height));
  return { x, y, width: right - x, height: bottom - y };
}

export function ocrPriceCandidates(result: OcrResult, offset: { x: number; y: number }, screenshot: string): Candidate[] {
  const found = findPrices(result.text)
    .filter((p) => p.role !== 'old')
    .slice(0, 5)
    .map((price) => {
      const whole = price.amount.split('.')[0] ?? '\u0000';
      const words = result.words.filter((w) => price.text.includes(w.text) || w.text.includes(whole));
      return { price, box: words.length > 0 ? unionBox(words.map((w) => w.box)) : undefined };
    });
  // The price a shopper reads is the big one: text height stands in for prominence, as font size does in the DOM.
  const tallest = Math.max(1, ...found.map((f) => f.box?.height ?? 0));
  return found.map(({ price, box }) => {
    return {
      field: 'price' as const,
      value: price.amount,
      currency: price.currency,
      source: 'ocr' as const,
      confidence: Math.round(((price.marker ? 0.45 : 0.3) + 0.1 * ((box?.height ?? 0) / tallest)) * 100) / 100,
      evidence: { screenshot, text: price.text, ...(box ? { box: { ...box, x: box.x + offset.x, y: box.y + offset.y } } : {}) },
    };
  });
}
