/** Label rendering: layout once, then PNG, PDF, N-up sheets and ZPL from the same drawing. */
export { BarcodeError, encodeBarcode } from './barcode.ts';
export type { LabelDrawing } from './drawing.ts';
export { layoutLabel, RenderError } from './layout.ts';
export { markUnverified } from './mark-unverified.ts';
export { renderLabelPdf } from './pdf.ts';
export { pixelSize, renderLabelPng } from './png.ts';
export { checkFitsStock, type SheetOptions, writeLabelsPdf, writeSheetPdf } from './sheet.ts';
export { labelSvg } from './svg.ts';
export { renderLabelZpl } from './zpl.ts';
