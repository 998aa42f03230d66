/** The extract stage: read a loaded page (and OCR) into candidates and one decision per field. */
export { decide } from './decide.ts';
export { extractPage } from './extract-page.ts';
export { ocrPriceCandidates } from './ocr-candidates.ts';
export { type OcrTarget, ocrTargets } from './ocr-targets.ts';
export type { Candidate, Extraction, Field, Source } from './types.ts';
