/** Label PNGs at the exact physical size: the SVG rasterised by resvg with the shipped TTF fonts. */
import { Resvg } from '@resvg/resvg-js';
import type { LabelDrawing } from './drawing.ts';
import { allFontFiles } from './fonts.ts';
import { labelSvg } from './svg.ts';

const fontFiles = allFontFiles();

/** Pixel size of a label at `dpi` (rounded to whole pixels). */
export function pixelSize(drawing: LabelDrawing, dpi: number): { width: number; height: number } {
  return { width: Math.round((drawing.width_mm / 25.4) * dpi), height: Math.round((drawing.height_mm / 25.4) * dpi) };
}

/** Renders a label to PNG bytes at `dpi` (default the resolution it was laid out for). */
export function renderLabelPng(drawing: LabelDrawing, dpi = drawing.dpi): Buffer {
  const { width } = pixelSize(drawing, dpi);
  const resvg = new Resvg(labelSvg(drawing), {
    fitTo: { mode: 'width', value: width },
    font: { fontFiles, loadSystemFonts: false, defaultFontFamily: 'DejaVu Sans' },
    shapeRendering: 2,
    textRendering: 1,
  });
  return resvg.render().asPng();
}
