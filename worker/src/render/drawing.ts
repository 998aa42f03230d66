/**
 * What a laid-out label is: shapes in millimetres from the label's top-left, ready for any output
 * (SVG → PNG, PDF, ZPL). Layout decides every position once; outputs only translate.
 */
import type { BarcodeSymbology } from '@tagwright/shared';
import type { EncodedSymbol } from './barcode.ts';
import type { LoadedFont } from './fonts.ts';

/** Rotation in degrees (clockwise) about a centre point. */
export interface Rotation {
  degrees: number;
  cx: number;
  cy: number;
}

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RectItem extends Box {
  kind: 'rect';
  fill?: string;
  stroke?: { width: number; color: string };
  radius: number;
  rotation?: Rotation;
}

export interface LineItem {
  kind: 'line';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width: number;
  color: string;
  rotation?: Rotation;
}

export interface TextItem {
  kind: 'text';
  font: LoadedFont;
  /** Font size in mm (the em height). */
  size: number;
  color: string;
  /** x: left end of the line; y: baseline. */
  lines: { text: string; x: number; y: number; width: number }[];
  /** The element's box: text never draws outside it. */
  clip: Box;
  rotation?: Rotation;
}

export interface BarcodeItem {
  kind: 'barcode';
  symbology: BarcodeSymbology;
  symbol: EncodedSymbol;
  /** The element's box and where the symbol itself (without quiet zones) landed. */
  box: Box;
  symbolBox: Box;
  /** Width of one module in mm (snapped to whole printer dots). */
  module: number;
  /** Dark rectangles, in mm. */
  rects: Box[];
  text?: TextItem;
  rotation?: Rotation;
}

export interface ImageItem extends Box {
  kind: 'image';
  data: Buffer;
  mime: 'image/png';
  /** The PNG decoded once (PDF embeds `data`; pixels are sampled from this). */
  decoded: { width: number; height: number; rgba: Uint8Array };
  fit: 'contain' | 'cover' | 'fill';
  rotation?: Rotation;
}

export type DrawItem = RectItem | LineItem | TextItem | BarcodeItem | ImageItem;

export interface LabelDrawing {
  width_mm: number;
  height_mm: number;
  /** The resolution barcodes were snapped to. */
  dpi: number;
  background: string;
  items: DrawItem[];
  /** Bindings that had no value for this product. */
  missing: string[];
}
