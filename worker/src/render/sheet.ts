/**
 * Multi-label PDFs, streamed so 10,000 labels never sit in memory at once: N-up sheets laid out
 * for a stock (Avery A4/Letter) with printer offsets for calibration, and the combined PDF of a
 * job (one label-sized page per label).
 */
import type { Writable } from 'node:stream';
import { type SheetStock, type Stock, sheetSlot } from '@tagwright/shared';
import type { LabelDrawing } from './drawing.ts';
import { addLabelPage, createPdf, drawLabel, mmToPt, streamPdf } from './pdf.ts';

export interface SheetOptions {
  stock: SheetStock;
  /** Shifts every label to correct a printer's feed (positive: right / down). */
  offset_x_mm?: number;
  offset_y_mm?: number;
  /** Labels already used on the first sheet: printing starts at this position. */
  skip?: number;
  /** Thin outlines where the die-cut labels are, for checking alignment on plain paper. */
  outlines?: boolean;
  title?: string;
}

const TOLERANCE_MM = 0.5;

/** Refuses a template (or its drawing) bigger than the stock's labels: it would print across two. */
export function checkFitsStock(size: { width_mm: number; height_mm: number }, stock: Stock) {
  if (size.width_mm > stock.label.width_mm + TOLERANCE_MM || size.height_mm > stock.label.height_mm + TOLERANCE_MM)
    throw new Error(
      `The template is ${size.width_mm} × ${size.height_mm} mm but ${stock.id} labels are ${stock.label.width_mm} × ${stock.label.height_mm} mm; pick a stock with labels at least that big or resize the template.`,
    );
}

export async function writeSheetPdf(
  drawings: Iterable<LabelDrawing> | AsyncIterable<LabelDrawing>,
  options: SheetOptions,
  output: Writable,
): Promise<{ pages: number; labels: number }> {
  const { stock } = options;
  const skip = options.skip ?? 0;
  const perPage = stock.columns * stock.rows;
  if (!Number.isInteger(skip) || skip < 0 || skip >= perPage)
    throw new Error(`skip must be a whole number from 0 to ${perPage - 1} for ${stock.id} (it was ${skip}).`);
  const doc = createPdf(options.title ?? `Labels on ${stock.name}`);
  return streamPdf(doc, output, async () => {
    let pages = 0;
    let labels = 0;
    for await (const drawing of drawings) {
      if (labels === 0) checkFitsStock(drawing, stock);
      const slot = sheetSlot(stock, labels + skip);
      if (slot.page === pages) {
        doc.addPage({ size: [mmToPt(stock.page.width_mm), mmToPt(stock.page.height_mm)], margin: 0 });
        pages++;
        if (options.outlines) drawOutlines(doc, stock, options);
      }
      // a smaller template sits in the middle of its die-cut label
      const x = slot.x_mm + (options.offset_x_mm ?? 0) + (stock.label.width_mm - drawing.width_mm) / 2;
      const y = slot.y_mm + (options.offset_y_mm ?? 0) + (stock.label.height_mm - drawing.height_mm) / 2;
      drawLabel(doc, drawing, x, y);
      labels++;
    }
    if (labels === 0) throw new Error('There are no labels to put on a sheet.');
    return { pages, labels };
  });
}

function drawOutlines(doc: ReturnType<typeof createPdf>, stock: SheetStock, options: SheetOptions) {
  doc.save().lineWidth(0.25).strokeColor('#999999');
  for (let i = 0; i < stock.columns * stock.rows; i++) {
    const slot = sheetSlot(stock, i);
    doc.rect(
      mmToPt(slot.x_mm + (options.offset_x_mm ?? 0)),
      mmToPt(slot.y_mm + (options.offset_y_mm ?? 0)),
      mmToPt(stock.label.width_mm),
      mmToPt(stock.label.height_mm),
    );
  }
  doc.stroke().restore();
}

/** Every label on its own page of exactly its size: the job's combined PDF, and the sheet for roll stock. */
export async function writeLabelsPdf(
  drawings: Iterable<LabelDrawing> | AsyncIterable<LabelDrawing>,
  output: Writable,
  title = 'Labels',
): Promise<{ pages: number }> {
  const doc = createPdf(title);
  return streamPdf(doc, output, async () => {
    let pages = 0;
    for await (const drawing of drawings) {
      addLabelPage(doc, drawing);
      pages++;
    }
    if (pages === 0) throw new Error('There are no labels to put in a PDF.');
    return { pages };
  });
}
