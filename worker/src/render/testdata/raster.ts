/**
 * Test helpers for reading what the renderer produced: a minimal PNG decoder (8-bit RGB/RGBA/grey,
 * not interlaced — what resvg and pdftoppm write), temp dirs, zbarimg and poppler wrappers.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

export interface Raster {
  width: number;
  height: number;
  /** Row-major, true = dark (luminance below mid-grey, like a thermal head). */
  dark: Uint8Array;
}

/** Decodes a non-interlaced 8-bit PNG and thresholds it at mid-grey (transparent counts as white). */
export function decodePng(bytes: Uint8Array): Raster {
  const png = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      if (body[8] !== 8 || body[12] !== 0) throw new Error('only 8-bit, non-interlaced PNGs');
      colorType = body[9] as number;
    } else if (type === 'IDAT') idat.push(body);
    offset += 12 + length;
  }
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (!channels) throw new Error(`unsupported PNG colour type ${colorType}`);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)] as number;
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i] as number;
      const a = i >= channels ? (pixels[y * stride + i - channels] as number) : 0;
      const b = y > 0 ? (pixels[(y - 1) * stride + i] as number) : 0;
      const c = y > 0 && i >= channels ? (pixels[(y - 1) * stride + i - channels] as number) : 0;
      let value = x;
      if (filter === 1) value = x + a;
      else if (filter === 2) value = x + b;
      else if (filter === 3) value = x + ((a + b) >> 1);
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        value = x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      pixels[y * stride + i] = value & 255;
    }
  }
  const dark = new Uint8Array(width * height);
  for (let p = 0; p < width * height; p++) {
    const at = p * channels;
    const grey =
      channels >= 3
        ? 0.299 * (pixels[at] as number) + 0.587 * (pixels[at + 1] as number) + 0.114 * (pixels[at + 2] as number)
        : (pixels[at] as number);
    const alpha = channels === 4 ? (pixels[at + 3] as number) / 255 : channels === 2 ? (pixels[at + 1] as number) / 255 : 1;
    dark[p] = grey * alpha + 255 * (1 - alpha) < 128 ? 1 : 0;
  }
  return { width, height, dark };
}

/** A fresh temp dir and a function that removes it. */
export function makeTempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tagwright-${prefix}-`));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface Decoded {
  type: string;
  data: string;
  modifiers: string;
  orientation: string;
}

/** Every symbol zbarimg finds in an image (XML output, so GS1 and orientation are visible). */
export function zbarimg(file: string, config: string[] = []): Decoded[] {
  let xml: string;
  try {
    xml = execFileSync('zbarimg', ['--nodbus', '-q', '--xml', ...config, file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // exit status 4: ran fine but found nothing
    if ((error as { status?: number }).status === 4) return [];
    throw error;
  }
  const found: Decoded[] = [];
  for (const match of xml.matchAll(/<symbol ([^>]*)><data><!\[CDATA\[([\s\S]*?)\]\]><\/data>/g)) {
    const attr = (name: string) => new RegExp(`${name}='([^']*)'`).exec(match[1] as string)?.[1] ?? '';
    found.push({ type: attr('type'), data: match[2] as string, modifiers: attr('modifiers'), orientation: attr('orientation') });
  }
  return found;
}

/** Page sizes in mm for every page of a PDF (pdfinfo reports points). */
export function pdfPageSizes(file: string): { width_mm: number; height_mm: number }[] {
  const out = execFileSync('pdfinfo', ['-f', '1', '-l', '1000', file], { encoding: 'utf8' });
  return [...out.matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => ({
    width_mm: (Number(m[1]) * 25.4) / 72,
    height_mm: (Number(m[2]) * 25.4) / 72,
  }));
}

/** Rasterises every page of a PDF to PNG at `dpi` with pdftoppm; returns the files in page order. */
export function pdfToPngs(file: string, dpi: number, outDir: string): string[] {
  const prefix = path.join(outDir, path.basename(file, '.pdf'));
  execFileSync('pdftoppm', ['-r', String(dpi), '-png', file, prefix]);
  return fs
    .readdirSync(outDir)
    .filter((f) => f.startsWith(path.basename(prefix)) && f.endsWith('.png'))
    .sort()
    .map((f) => path.join(outDir, f));
}
