/**
 * Vector PDF output with pdfkit: a label drawn at its exact physical size, alone on a page or
 * anywhere on a bigger page (N-up sheets), text embedded (subset TTF) and selectable.
 */
import type { Writable } from 'node:stream';
import PDFDocument from 'pdfkit';
import type { Box, DrawItem, LabelDrawing, Rotation, TextItem } from './drawing.ts';

const PT = 72 / 25.4;
export const mmToPt = (mm: number) => mm * PT;

export type Pdf = InstanceType<typeof PDFDocument>;

/** A new PDF whose first page comes with the first addPage call. */
export function createPdf(title: string): Pdf {
  return new PDFDocument({ autoFirstPage: false, compress: true, info: { Title: title, Creator: 'Tagwright' } });
}

function rotate(doc: Pdf, rotation: Rotation | undefined, ox: number, oy: number) {
  if (rotation) doc.rotate(rotation.degrees, { origin: [mmToPt(ox + rotation.cx), mmToPt(oy + rotation.cy)] });
}

function clipTo(doc: Pdf, box: Box, ox: number, oy: number) {
  doc.rect(mmToPt(ox + box.x), mmToPt(oy + box.y), mmToPt(box.width), mmToPt(box.height)).clip();
}

function drawText(doc: Pdf, item: TextItem, ox: number, oy: number) {
  doc.save();
  clipTo(doc, item.clip, ox, oy);
  doc.font(item.font.file).fontSize(mmToPt(item.size)).fillColor(item.color);
  for (const line of item.lines) {
    if (line.text === '') continue;
    doc.text(line.text, mmToPt(ox + line.x), mmToPt(oy + line.y), { lineBreak: false, baseline: 'alphabetic' });
  }
  doc.restore();
}

function drawItem(doc: Pdf, item: DrawItem, ox: number, oy: number) {
  doc.save();
  rotate(doc, item.rotation, ox, oy);
  switch (item.kind) {
    case 'rect': {
      const inset = item.stroke ? item.stroke.width / 2 : 0;
      const x = mmToPt(ox + item.x + inset);
      const y = mmToPt(oy + item.y + inset);
      const w = mmToPt(item.width - 2 * inset);
      const h = mmToPt(item.height - 2 * inset);
      if (item.radius > 0) doc.roundedRect(x, y, w, h, mmToPt(item.radius));
      else doc.rect(x, y, w, h);
      if (item.fill && item.stroke) doc.lineWidth(mmToPt(item.stroke.width)).fillAndStroke(item.fill, item.stroke.color);
      else if (item.fill) doc.fill(item.fill);
      else if (item.stroke) doc.lineWidth(mmToPt(item.stroke.width)).stroke(item.stroke.color);
      break;
    }
    case 'line':
      doc
        .moveTo(mmToPt(ox + item.x1), mmToPt(oy + item.y1))
        .lineTo(mmToPt(ox + item.x2), mmToPt(oy + item.y2))
        .lineWidth(mmToPt(item.width))
        .stroke(item.color);
      break;
    case 'text':
      drawText(doc, item, ox, oy);
      break;
    case 'barcode':
      for (const r of item.rects) doc.rect(mmToPt(ox + r.x), mmToPt(oy + r.y), mmToPt(r.width), mmToPt(r.height));
      doc.fill('#000000');
      if (item.text) drawText(doc, item.text, ox, oy);
      break;
    case 'image': {
      const x = mmToPt(ox + item.x);
      const y = mmToPt(oy + item.y);
      const w = mmToPt(item.width);
      const h = mmToPt(item.height);
      if (item.fit === 'fill') doc.image(item.data, x, y, { width: w, height: h });
      else if (item.fit === 'cover') {
        clipTo(doc, item, ox, oy);
        doc.image(item.data, x, y, { cover: [w, h], align: 'center', valign: 'center' });
      } else doc.image(item.data, x, y, { fit: [w, h], align: 'center', valign: 'center' });
      break;
    }
  }
  doc.restore();
}

/** Draws a label with its top-left at (x, y) mm on the current page. */
export function drawLabel(doc: Pdf, drawing: LabelDrawing, x = 0, y = 0) {
  if (drawing.background.toLowerCase() !== '#ffffff')
    doc.rect(mmToPt(x), mmToPt(y), mmToPt(drawing.width_mm), mmToPt(drawing.height_mm)).fill(drawing.background);
  for (const item of drawing.items) drawItem(doc, item, x, y);
}

/** Adds a page of exactly the label's size with the label on it. */
export function addLabelPage(doc: Pdf, drawing: LabelDrawing) {
  doc.addPage({ size: [mmToPt(drawing.width_mm), mmToPt(drawing.height_mm)], margin: 0 });
  drawLabel(doc, drawing);
}

/**
 * Streams `doc` into `output` as pages are added; call `fill` to add them. Ends the document (also
 * when `fill` throws) and resolves once every byte is written.
 */
export async function streamPdf<T>(doc: Pdf, output: Writable, fill: () => Promise<T>): Promise<T> {
  const written = new Promise<void>((resolve, reject) => {
    output.once('error', reject);
    doc.once('error', reject);
    output.once('finish', resolve);
  });
  doc.pipe(output);
  let result: T;
  try {
    result = await fill();
  } catch (error) {
    doc.end();
    await written.catch(() => undefined);
    throw error;
  }
  doc.end();
  await written;
  return result;
}

/** One label as a one-page PDF, in memory. */
export async function renderLabelPdf(drawing: LabelDrawing, title = 'Label'): Promise<Buffer> {
  const doc = createPdf(title);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    doc.once('end', resolve);
    doc.once('error', reject);
  });
  addLabelPage(doc, drawing);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}
