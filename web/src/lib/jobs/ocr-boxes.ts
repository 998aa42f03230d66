/**
 * OCR word boxes as the overlay draws them. The worker stores words as
 * `{text, confidence, box: {x, y, width, height}}` in the OCR'd image's pixels (worker/src/ocr);
 * the older `{x0, y0, x1, y1}` shape (migration comment) is read too. Anything else is skipped.
 */

export interface WordBox {
  text: string;
  confidence: number | null;
  x: number;
  y: number;
  width: number;
  height: number;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function wordBoxes(words: unknown): WordBox[] {
  if (!Array.isArray(words)) return [];
  const boxes: WordBox[] = [];
  for (const word of words) {
    if (!word || typeof word !== 'object') continue;
    const w = word as Record<string, unknown>;
    const text = typeof w.text === 'string' ? w.text : '';
    const confidence = num(w.confidence);
    const box = w.box && typeof w.box === 'object' ? (w.box as Record<string, unknown>) : null;
    if (box) {
      const [x, y, width, height] = [num(box.x), num(box.y), num(box.width), num(box.height)];
      if (x !== null && y !== null && width !== null && height !== null && width > 0 && height > 0)
        boxes.push({ text, confidence, x, y, width, height });
      continue;
    }
    const [x0, y0, x1, y1] = [num(w.x0), num(w.y0), num(w.x1), num(w.y1)];
    if (x0 !== null && y0 !== null && x1 !== null && y1 !== null && x1 > x0 && y1 > y0)
      boxes.push({ text, confidence, x: x0, y: y0, width: x1 - x0, height: y1 - y0 });
  }
  return boxes;
}

/** A box from a match's evidence (`evidence.box`), or null. */
export function evidenceBox(evidence: Record<string, unknown>): { x: number; y: number; width: number; height: number } | null {
  const box = evidence.box && typeof evidence.box === 'object' ? (evidence.box as Record<string, unknown>) : null;
  if (!box) return null;
  const [x, y, width, height] = [num(box.x), num(box.y), num(box.width), num(box.height)];
  return x !== null && y !== null && width !== null && height !== null && width > 0 && height > 0 ? { x, y, width, height } : null;
}
