/** The mark on a label the page did not confirm: a boxed "NOT VERIFIED: price" in the bottom-right corner. */
import type { DrawItem, LabelDrawing } from './drawing.ts';
import { loadFont } from './fonts.ts';

/** A small boxed "NOT VERIFIED" note in the bottom-right corner, listing the fields. */
export function markUnverified(drawing: LabelDrawing, unverified: string[]): LabelDrawing {
  if (unverified.length === 0) return drawing;
  const font = loadFont('DejaVu Sans', 'bold');
  const text = `NOT VERIFIED: ${unverified.join(', ')}`;
  const height = Math.min(4, drawing.height_mm * 0.16);
  const size = Math.min(height * 0.62, ((drawing.width_mm - 2) / font.width(text)) * 0.98);
  const width = font.width(text) * size + 1.2;
  const x = drawing.width_mm - width - 0.5;
  const y = drawing.height_mm - height - 0.5;
  const badge: DrawItem[] = [
    { kind: 'rect', x, y, width, height, fill: '#ffffff', stroke: { width: 0.25, color: '#000000' }, radius: 0.6 },
    {
      kind: 'text',
      font,
      size,
      color: '#000000',
      clip: { x, y, width, height },
      lines: [{ text, x: x + 0.6, y: y + height / 2 + (font.ascent - font.descent) * size * 0.5, width: width - 1.2 }],
    },
  ];
  return { ...drawing, items: [...drawing.items, ...badge] };
}
