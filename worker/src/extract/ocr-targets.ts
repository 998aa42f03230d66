/**
 * What to OCR on a page, smallest first: the price the page shows in text (to check it), else the
 * pictures near the product heading (a price written into an image), else the viewport. OCR is
 * the slow stage, so regions rather than whole pages.
 */
import type { PageFacts } from './page-facts.ts';
import type { Box, Extraction } from './types.ts';

export interface OcrTarget {
  name: string;
  box: Box;
  /** A short crop is one line of text; anything taller is read as scattered text. */
  layout: 'line' | 'sparse';
}

const layoutOf = (box: Box): OcrTarget['layout'] => (box.height <= 160 ? 'line' : 'sparse');

function priceBox(extraction: Extraction): Box | undefined {
  if (extraction.price?.evidence.box) return extraction.price.evidence.box;
  return extraction.candidates
    .filter((c) => c.field === 'price' && c.source === 'dom' && c.evidence.box)
    .sort((a, b) => b.confidence - a.confidence)[0]?.evidence.box;
}

export function ocrTargets(facts: PageFacts, extraction: Extraction): OcrTarget[] {
  const price = priceBox(extraction);
  if (price) return [{ name: 'price', box: price, layout: layoutOf(price) }];
  const statesPrice = extraction.candidates.some((c) => c.field === 'price');
  if (statesPrice) return [];
  const heading = facts.headings[0]?.box ?? { x: 0, y: 0, width: facts.viewport.width, height: 0 };
  const near = [...facts.images]
    .sort((a, b) => Math.hypot(a.box.x - heading.x, a.box.y - heading.y) - Math.hypot(b.box.x - heading.x, b.box.y - heading.y))
    .slice(0, 3)
    .map((img, i) => ({ name: `image-${i + 1}`, box: img.box, layout: layoutOf(img.box) }));
  return near.length > 0
    ? near
    : [{ name: 'viewport', box: { x: 0, y: 0, width: facts.viewport.width, height: facts.viewport.height }, layout: 'sparse' }];
}
