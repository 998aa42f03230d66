/**
 * Places an encoded barcode in its element box: module width snapped to whole printer dots (so
 * every bar prints the same width), quiet zones kept clear, human-readable text under the bars,
 * guard bars of EAN/UPC reaching into it, ITF-14 bearer bars.
 */
import type { BarcodeElement } from '@tagwright/shared';
import { BarcodeError, type EncodedSymbol, encodeBarcode, type LinearSymbol, type MatrixSymbol, symbologyName } from './barcode.ts';
import type { BarcodeItem, Box, TextItem } from './drawing.ts';
import { loadFont } from './fonts.ts';

const MM_PER_INCH = 25.4;
const TEXT_FONT = loadFont('DejaVu Sans Mono', 'normal');

/** The largest module (in mm, a whole number of dots) that fits `modules` across `span` mm. */
function moduleSize(span: number, modules: number, dpi: number, element: BarcodeElement): number {
  const dots = Math.floor(((span / MM_PER_INCH) * dpi) / modules + 1e-9);
  if (dots < 1) {
    const needed = ((modules / dpi) * MM_PER_INCH).toFixed(1);
    throw new BarcodeError(
      `${symbologyName(element.symbology)} for "${element.value}" needs a box at least ${needed} mm wide at ${dpi} dpi (it is ${span} mm); widen the element or raise the dpi.`,
    );
  }
  return (dots / dpi) * MM_PER_INCH;
}

const snap = (mm: number, dpi: number) => (Math.round((mm / MM_PER_INCH) * dpi) / dpi) * MM_PER_INCH;

function textItem(pieces: { text: string; x: number }[], size: number, baseline: number, clip: Box): TextItem {
  return {
    kind: 'text',
    font: TEXT_FONT,
    size,
    color: '#000000',
    clip,
    lines: pieces.map((p) => {
      const width = TEXT_FONT.width(p.text) * size;
      return { text: p.text, x: p.x - width / 2, y: baseline, width };
    }),
  };
}

function layoutLinear(element: BarcodeElement, symbol: LinearSymbol, box: Box, dpi: number): Omit<BarcodeItem, 'kind' | 'symbology'> {
  const [quietLeft, quietRight] = symbol.quiet;
  const module = moduleSize(box.width, symbol.widthModules + quietLeft + quietRight, dpi, element);
  const span = (symbol.widthModules + quietLeft + quietRight) * module;
  const left = snap(box.x + (box.width - span) / 2 + quietLeft * module, dpi);
  const retail = symbol.symbology === 'ean13' || symbol.symbology === 'upca';
  const bearer = symbol.symbology === 'itf14' ? 2 * module : 0;
  let textSize = element.humanReadable ? Math.min(module * (retail ? 8 : 7), box.height * 0.25) : 0;
  if (element.humanReadable && !retail)
    textSize = Math.min(textSize, (box.width / Math.max(1, TEXT_FONT.width(symbol.text[0]?.text ?? ''))) * 0.98);
  const textBlock = element.humanReadable ? textSize * (TEXT_FONT.ascent + 0.1) : 0;
  const barsTop = box.y + bearer;
  const barsHeight = box.height - textBlock - 2 * bearer - (element.humanReadable && !retail ? textSize * 0.25 : 0);
  if (barsHeight < box.height * 0.4)
    throw new BarcodeError(`${symbologyName(element.symbology)} box is too low for bars and text; make it taller.`);
  const guardExtra = retail ? textSize * 0.5 : 0;
  const rects: Box[] = symbol.bars.map((bar) => ({
    x: left + bar.x * module,
    y: barsTop,
    width: bar.width * module,
    height: barsHeight + (bar.guard ? guardExtra : 0),
  }));
  if (bearer > 0) {
    const bearerBox = { x: left - quietLeft * module, width: span };
    rects.push({ ...bearerBox, y: box.y, height: bearer }, { ...bearerBox, y: barsTop + barsHeight, height: bearer });
  }
  const symbolBox = { x: left, y: barsTop, width: symbol.widthModules * module, height: barsHeight };
  const baseline = barsTop + barsHeight + bearer + (retail ? 0 : textSize * 0.25) + textSize * TEXT_FONT.ascent;
  const text = element.humanReadable
    ? textItem(
        symbol.text.map((t) => ({ text: t.text, x: left + t.x * module })),
        textSize,
        baseline,
        box,
      )
    : undefined;
  return { symbol, box, symbolBox, module, rects, text };
}

function layoutMatrix(element: BarcodeElement, symbol: MatrixSymbol, box: Box, dpi: number): Omit<BarcodeItem, 'kind' | 'symbology'> {
  const textSize = element.humanReadable ? Math.min(box.height * 0.12, (box.width / Math.max(1, TEXT_FONT.width(symbol.text))) * 0.98) : 0;
  const textBlock = element.humanReadable ? textSize * 1.3 : 0;
  const across = symbol.columns + 2 * symbol.quiet;
  const down = symbol.rows + 2 * symbol.quiet;
  const module = Math.min(moduleSize(box.width, across, dpi, element), moduleSize(box.height - textBlock, down, dpi, element));
  const left = snap(box.x + (box.width - symbol.columns * module) / 2, dpi);
  const top = snap(box.y + (box.height - textBlock - symbol.rows * module) / 2, dpi);
  const rects: Box[] = [];
  for (let row = 0; row < symbol.rows; row++) {
    let start = -1;
    for (let col = 0; col <= symbol.columns; col++) {
      const dark = col < symbol.columns && symbol.dark[row * symbol.columns + col] === 1;
      if (dark && start < 0) start = col;
      if (!dark && start >= 0) {
        rects.push({ x: left + start * module, y: top + row * module, width: (col - start) * module, height: module });
        start = -1;
      }
    }
  }
  const symbolBox = { x: left, y: top, width: symbol.columns * module, height: symbol.rows * module };
  const text = element.humanReadable
    ? textItem(
        [{ text: symbol.text, x: box.x + box.width / 2 }],
        textSize,
        top + symbolBox.height + textSize * (0.3 + TEXT_FONT.ascent),
        box,
      )
    : undefined;
  return { symbol, box, symbolBox, module, rects, text };
}

/** Encodes and places one barcode element whose value is already bound. */
export function layoutBarcode(element: BarcodeElement, value: string, dpi: number): BarcodeItem {
  const symbol: EncodedSymbol = encodeBarcode(element.symbology, value);
  const box = { x: element.x, y: element.y, width: element.width, height: element.height };
  const placed = symbol.kind === 'linear' ? layoutLinear(element, symbol, box, dpi) : layoutMatrix(element, symbol, box, dpi);
  return { kind: 'barcode', symbology: element.symbology, ...placed };
}
