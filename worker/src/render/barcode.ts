/**
 * Barcode encoding: a symbology and value in, the symbol's modules out (bars for linear codes, a
 * dark/light matrix for QR and Data Matrix), with quiet zones and the human-readable text. Check
 * digits are computed when left out and verified when given; bad values get errors saying what to fix.
 */
import { type BarcodeSymbology, barcodeDigits, hasCheckDigit } from '@tagwright/shared';
import bwipjs from 'bwip-js/node';
import QRCode from 'qrcode';

export interface LinearSymbol {
  kind: 'linear';
  symbology: BarcodeSymbology;
  /** Bars from the left of the symbol, in modules; `guard` bars reach down into the text line. */
  bars: { x: number; width: number; guard: boolean }[];
  widthModules: number;
  /** Light margin each side, in modules (the scanner needs it). */
  quiet: [number, number];
  /** Human-readable text, each piece centred on x (modules from the symbol's left). */
  text: { text: string; x: number }[];
  /** The data with check digits, as a printer's own barcode command takes it. */
  data: string;
}

export interface MatrixSymbol {
  kind: 'matrix';
  symbology: BarcodeSymbology;
  columns: number;
  rows: number;
  /** Row-major, 1 = dark. */
  dark: Uint8Array;
  quiet: number;
  text: string;
  data: string;
}

export type EncodedSymbol = LinearSymbol | MatrixSymbol;

export class BarcodeError extends Error {}

/** What bwip-js' raw() returns: bar/space widths for linear codes, a pixel matrix for 2D ones. */
type RawSymbol = { sbs: number[]; bhs: number[]; bbs: number[] } | { pixs: number[]; pixx: number; pixy: number };

const QUIET: Record<string, [number, number]> = {
  ean13: [11, 7],
  upca: [9, 9],
  code128: [10, 10],
  'gs1-128': [10, 10],
  code39: [10, 10],
  itf14: [10, 10],
};
const BWIP_ID: Record<string, string> = {
  ean13: 'ean13',
  upca: 'upca',
  code128: 'code128',
  'gs1-128': 'gs1-128',
  code39: 'code39',
  itf14: 'itf14',
};
const NAMES: Record<BarcodeSymbology, string> = {
  ean13: 'EAN-13',
  upca: 'UPC-A',
  code128: 'Code 128',
  'gs1-128': 'GS1-128',
  code39: 'Code 39',
  itf14: 'ITF-14',
  qr: 'QR code',
  datamatrix: 'Data Matrix',
};

function hint(symbology: BarcodeSymbology): string {
  switch (symbology) {
    case 'code39':
      return ' Use {{…:upper}} for lower-case values.';
    case 'gs1-128':
      return ' Write application identifiers in brackets, e.g. (01)09501101530003(17)251231.';
    default:
      return '';
  }
}

function bwipMessage(error: unknown): string {
  return String((error as Error).message ?? error).replace(/^bwipp\.\w+#\d+:\s*/, '');
}

/** The full digits of an EAN/UPC/ITF-14 value, check digit verified or added. */
function gtinDigits(value: string, symbology: BarcodeSymbology): string {
  const checked = barcodeDigits(symbology, value);
  if (!checked.ok) throw new BarcodeError(checked.reason);
  return checked.digits;
}

function linear(symbology: BarcodeSymbology, value: string): LinearSymbol {
  let data = value;
  if (hasCheckDigit(symbology)) data = gtinDigits(value, symbology);
  let raw: RawSymbol[];
  try {
    raw = bwipjs.raw(BWIP_ID[symbology] as string, data, { includetext: true });
  } catch (error) {
    throw new BarcodeError(`${NAMES[symbology]} can't encode "${value}": ${bwipMessage(error)}.${hint(symbology)}`);
  }
  const symbol = raw[0];
  if (!symbol || !('sbs' in symbol)) throw new BarcodeError(`${NAMES[symbology]} produced no bars for "${value}".`);
  const shortest = Math.min(...symbol.bhs);
  const bars: LinearSymbol['bars'] = [];
  let x = 0;
  for (let i = 0; i < symbol.sbs.length; i++) {
    const width = symbol.sbs[i] as number;
    if (i % 2 === 0) bars.push({ x, width, guard: (symbol.bhs[i / 2] ?? shortest) > shortest + 1e-6 });
    x += width;
  }
  return {
    kind: 'linear',
    symbology,
    bars,
    widthModules: x,
    quiet: QUIET[symbology] ?? [10, 10],
    text: humanText(symbology, data, x),
    data,
  };
}

/** Where the digits go under EAN-13 and UPC-A (grouped by half, first/last outside); centred for the rest. */
function humanText(symbology: BarcodeSymbology, data: string, width: number): LinearSymbol['text'] {
  if (symbology === 'ean13') {
    const digits = data.split('');
    return [
      { text: digits[0] as string, x: -5 },
      ...digits.slice(1, 7).map((d, i) => ({ text: d, x: 3 + 7 * i + 3.5 })),
      ...digits.slice(7).map((d, i) => ({ text: d, x: 50 + 7 * i + 3.5 })),
    ];
  }
  if (symbology === 'upca') {
    const digits = data.split('');
    return [
      { text: digits[0] as string, x: -5 },
      ...digits.slice(1, 6).map((d, i) => ({ text: d, x: 10 + 7 * i + 3.5 })),
      ...digits.slice(6, 11).map((d, i) => ({ text: d, x: 50 + 7 * i + 3.5 })),
      { text: digits[11] as string, x: width + 5 },
    ];
  }
  const shown = symbology === 'code39' ? `*${data}*` : data;
  return [{ text: shown, x: width / 2 }];
}

function qr(value: string): MatrixSymbol {
  if (value.length === 0) throw new BarcodeError('QR code has no data.');
  let code: ReturnType<typeof QRCode.create>;
  try {
    code = QRCode.create(value, { errorCorrectionLevel: 'M' });
  } catch (error) {
    throw new BarcodeError(`QR code can't encode this value (${(error as Error).message}); shorten it.`);
  }
  const size = code.modules.size;
  return {
    kind: 'matrix',
    symbology: 'qr',
    columns: size,
    rows: size,
    dark: Uint8Array.from(code.modules.data),
    quiet: 4,
    text: value,
    data: value,
  };
}

function datamatrix(value: string): MatrixSymbol {
  let raw: RawSymbol[];
  try {
    raw = bwipjs.raw('datamatrix', value, {});
  } catch (error) {
    throw new BarcodeError(`Data Matrix can't encode "${value.slice(0, 40)}": ${bwipMessage(error)}.`);
  }
  const symbol = raw[0];
  if (!symbol || !('pixs' in symbol)) throw new BarcodeError('Data Matrix produced no modules.');
  return {
    kind: 'matrix',
    symbology: 'datamatrix',
    columns: symbol.pixx,
    rows: symbol.pixy,
    dark: Uint8Array.from(symbol.pixs),
    quiet: 1,
    text: value,
    data: value,
  };
}

export function encodeBarcode(symbology: BarcodeSymbology, value: string): EncodedSymbol {
  if (value.trim() === '') throw new BarcodeError(`${NAMES[symbology]} has no value to encode.`);
  if (symbology === 'qr') return qr(value);
  if (symbology === 'datamatrix') return datamatrix(value);
  return linear(symbology, value.trim());
}

export const symbologyName = (symbology: BarcodeSymbology) => NAMES[symbology];
