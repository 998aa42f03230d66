/**
 * ZPL for thermal printers (203 or 300 dpi). Barcodes, boxes and straight lines become the
 * printer's own commands (crisp, module widths in whole dots); text and images, drawn with the
 * label's TTF fonts, go as one compressed graphic field drawn like the PNG.
 */
import type { BarcodeItem, DrawItem, LabelDrawing } from './drawing.ts';
import { drawLabel } from './raster/draw.ts';

const ORIENTATION: Record<number, string> = { 0: 'N', 90: 'R', 180: 'I', 270: 'B' };

const dots = (mm: number, dpi: number) => Math.round((mm / 25.4) * dpi);

/** Thermal heads print black or nothing: a colour prints when it is darker than mid-grey. */
function prints(color: string | undefined): boolean {
  if (!color) return false;
  const v = Number.parseInt(color.slice(1), 16);
  const luminance = 0.299 * ((v >> 16) & 255) + 0.587 * ((v >> 8) & 255) + 0.114 * (v & 255);
  return luminance < 128;
}

/** ^ and ~ start commands even inside field data: such data goes hex-escaped under ^FH. */
function fieldData(data: string): string {
  if (!/[~^_]/.test(data)) return `^FD${data}`;
  return `^FH^FD${data.replace(/[~^_]/g, (c) => `_${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;
}

/**
 * Where a native barcode field starts: the top-left of the bars (and, when rotated, of the bars and
 * their text turned as the layout turned them — the printer puts the field's corner there).
 */
function fieldOrigin(item: BarcodeItem, dpi: number): string {
  const s = item.symbolBox;
  if (!item.rotation) return `^FO${dots(s.x, dpi)},${dots(s.y, dpi)}`;
  const bottom = item.text ? item.box.y + item.box.height : s.y + s.height;
  const { degrees, cx, cy } = item.rotation;
  const r = (degrees * Math.PI) / 180;
  const corners = [
    [s.x, s.y],
    [s.x + s.width, s.y],
    [s.x, bottom],
    [s.x + s.width, bottom],
  ].map(([x, y]) => [
    cx + ((x as number) - cx) * Math.cos(r) - ((y as number) - cy) * Math.sin(r),
    cy + ((x as number) - cx) * Math.sin(r) + ((y as number) - cy) * Math.cos(r),
  ]);
  return `^FO${dots(Math.min(...corners.map((c) => c[0] as number)), dpi)},${dots(Math.min(...corners.map((c) => c[1] as number)), dpi)}`;
}

/** Wide-to-narrow bar ratio of a Code 39 / ITF symbol as laid out, so the printer draws the same widths (^BY takes 2.0–3.0). */
function wideRatio(item: BarcodeItem): string {
  const widths = item.symbol.kind === 'linear' ? item.symbol.bars.map((b) => b.width) : [1];
  return Math.min(3, Math.max(2, Math.max(...widths) / Math.min(...widths))).toFixed(1);
}

function barcodeCommand(item: BarcodeItem, dpi: number): string | undefined {
  const orientation = ORIENTATION[item.rotation?.degrees ?? 0];
  if (!orientation) return undefined;
  const module = Math.max(1, Math.round((item.module / 25.4) * dpi));
  const height = dots(item.symbolBox.height, dpi);
  const hr = item.text ? 'Y' : 'N';
  const origin = fieldOrigin(item, dpi);
  const data = item.symbol.data;
  switch (item.symbology) {
    case 'ean13':
      return `^BY${module}${origin}^BE${orientation},${height},${hr},N${fieldData(data.slice(0, 12))}^FS`;
    case 'upca':
      return `^BY${module}${origin}^BU${orientation},${height},${hr},N,Y${fieldData(data.slice(0, 11))}^FS`;
    case 'code128':
      return `^BY${module}${origin}^BC${orientation},${height},${hr},N,N,A${fieldData(data)}^FS`;
    case 'gs1-128':
      return `^BY${module}${origin}^BC${orientation},${height},${hr},N,N,D${fieldData(data)}^FS`;
    case 'code39':
      return `^BY${module},${wideRatio(item)}${origin}^B3${orientation},N,${height},${hr},N${fieldData(data)}^FS`;
    case 'itf14': {
      const bearer = 2 * module;
      const quiet = 10 * module;
      const x = dots(item.symbolBox.x, dpi);
      const y = dots(item.symbolBox.y, dpi);
      const width = dots(item.symbolBox.width, dpi);
      const box = `^FO${x - quiet},${y - bearer}^GB${width + 2 * quiet},${height + 2 * bearer},${bearer}^FS`;
      return `^BY${module},${wideRatio(item)}${origin}^B2${orientation},${height},${hr},N,N${fieldData(data)}^FS${orientation === 'N' ? box : ''}`;
    }
    case 'qr':
      return `${origin}^BQ${orientation},2,${Math.min(module, 10)}${fieldData(`MA,${data}`)}^FS`;
    case 'datamatrix':
      return `${origin}^BX${orientation},${module},200${fieldData(data)}^FS`;
  }
}

function shapeCommand(item: DrawItem, dpi: number): string | undefined {
  if (item.rotation) return undefined;
  if (item.kind === 'rect') {
    const filled = prints(item.fill);
    if (!filled && !(item.stroke && prints(item.stroke.color))) return '';
    const w = dots(item.width, dpi);
    const h = dots(item.height, dpi);
    const t = filled ? Math.min(w, h) : Math.max(1, dots(item.stroke?.width ?? 0, dpi));
    const rounding = item.radius > 0 ? Math.min(8, Math.round((item.radius / Math.min(item.width, item.height)) * 16)) : 0;
    return `^FO${dots(item.x, dpi)},${dots(item.y, dpi)}^GB${w},${h},${t},B,${rounding}^FS`;
  }
  if (item.kind === 'line') {
    if (!prints(item.color)) return '';
    const t = Math.max(1, dots(item.width, dpi));
    const x = dots(Math.min(item.x1, item.x2), dpi);
    const y = dots(Math.min(item.y1, item.y2), dpi);
    const w = dots(Math.abs(item.x2 - item.x1), dpi);
    const h = dots(Math.abs(item.y2 - item.y1), dpi);
    if (h === 0) return `^FO${x},${y - Math.floor(t / 2)}^GB${w},${t},${t}^FS`;
    if (w === 0) return `^FO${x - Math.floor(t / 2)},${y}^GB${t},${h},${t}^FS`;
    const leaning = (item.x2 - item.x1) * (item.y2 - item.y1) > 0 ? 'L' : 'R';
    return `^FO${x},${y}^GD${w},${h},${t},B,${leaning}^FS`;
  }
  return undefined;
}

/** ZPL's ASCII compression of one row of hex digits: G–Y repeat 1–19, g–z repeat 20–400, ',' zeros to the end. */
function compressRow(hex: string): string {
  const trimmed = hex.replace(/0+$/, '');
  let out = '';
  let i = 0;
  while (i < trimmed.length) {
    const c = trimmed[i] as string;
    let run = 1;
    while (i + run < trimmed.length && trimmed[i + run] === c && run < 419) run++;
    let prefix = '';
    if (run > 1) {
      const twenties = Math.floor(run / 20);
      const ones = run % 20;
      if (twenties > 0) prefix += String.fromCharCode('f'.charCodeAt(0) + twenties);
      if (ones > 0) prefix += String.fromCharCode('F'.charCodeAt(0) + ones);
    }
    out += prefix + c;
    i += run;
  }
  return trimmed.length < hex.length ? `${out},` : out;
}

/** The raster part (text, images, rotated shapes) as one ^GF, cropped to what prints. */
function graphicField(drawing: LabelDrawing, items: DrawItem[], dpi: number): string {
  if (items.length === 0) return '';
  const surface = drawLabel({ ...drawing, background: '#ffffff', items }, dpi);
  const { height, width: w, channels, data } = surface;
  const dark = (x: number, y: number) => {
    const p = (y * w + x) * channels;
    const luminance =
      channels === 1
        ? (data[p] as number)
        : 0.299 * (data[p] as number) + 0.587 * (data[p + 1] as number) + 0.114 * (data[p + 2] as number);
    return luminance < 128;
  };
  let top = height;
  let bottom = -1;
  let left = w;
  let right = -1;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < w; x++)
      if (dark(x, y)) {
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
  if (bottom < 0) return '';
  left -= left % 8;
  const bytesPerRow = Math.ceil((right - left + 1) / 8);
  const rows: string[] = [];
  let previous = '';
  for (let y = top; y <= bottom; y++) {
    let hex = '';
    for (let b = 0; b < bytesPerRow; b++) {
      let byte = 0;
      for (let bit = 0; bit < 8; bit++) {
        const x = left + b * 8 + bit;
        if (x < w && dark(x, y)) byte |= 0x80 >> bit;
      }
      hex += byte.toString(16).toUpperCase().padStart(2, '0');
    }
    rows.push(hex === previous ? ':' : compressRow(hex));
    previous = hex;
  }
  const total = bytesPerRow * (bottom - top + 1);
  return `^FO${left},${top}^GFA,${total},${total},${bytesPerRow},${rows.join('')}^FS`;
}

/** One label as a ZPL program at `dpi` (lay it out at the same dpi so modules are whole dots). */
export function renderLabelZpl(drawing: LabelDrawing, dpi = drawing.dpi): string {
  const native: string[] = [];
  const raster: DrawItem[] = [];
  for (const item of drawing.items) {
    const command = item.kind === 'barcode' ? barcodeCommand(item, dpi) : shapeCommand(item, dpi);
    if (command === undefined) raster.push(item);
    else if (command !== '') native.push(command);
  }
  return [
    '^XA',
    '^CI28',
    `^PW${dots(drawing.width_mm, dpi)}`,
    `^LL${dots(drawing.height_mm, dpi)}`,
    '^LH0,0',
    graphicField(drawing, raster, dpi),
    ...native,
    '^XZ',
  ]
    .filter((line) => line !== '')
    .map((line) => `${line}\n`)
    .join('');
}
