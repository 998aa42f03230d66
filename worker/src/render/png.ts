/**
 * Label PNGs at the exact physical size: the label drawn on pixels (raster/draw.ts) and encoded
 * here — greyscale when the label has no colour (most labels; a third of the bytes), RGB
 * otherwise — with the resolution recorded, deflated off the main thread.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { LabelDrawing } from './drawing.ts';
import { drawLabel } from './raster/draw.ts';
import type { Surface } from './raster/surface.ts';

const deflate = promisify(zlib.deflate);

/** Pixel size of a label at `dpi` (rounded to whole pixels). */
export function pixelSize(drawing: LabelDrawing, dpi: number): { width: number; height: number } {
  return { width: Math.round((drawing.width_mm / 25.4) * dpi), height: Math.round((drawing.height_mm / 25.4) * dpi) };
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(data, zlib.crc32(type)) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** PNG bytes of a surface, with its physical resolution (pHYs) so image tools print it at size. */
export async function encodePng(surface: Surface, dpi: number): Promise<Buffer> {
  const { width, height, channels, data } = surface;
  const stride = width * channels;
  const rows = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) rows.set(data.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8);
  header.writeUInt8(channels === 1 ? 0 : 2, 9);
  const phys = Buffer.alloc(9);
  const perMetre = Math.round(dpi / 0.0254);
  phys.writeUInt32BE(perMetre, 0);
  phys.writeUInt32BE(perMetre, 4);
  phys.writeUInt8(1, 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('pHYs', phys),
    chunk('IDAT', await deflate(rows, { level: 6, strategy: zlib.constants.Z_RLE })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Renders a label to PNG bytes at `dpi` (default the resolution it was laid out for). */
export async function renderLabelPng(drawing: LabelDrawing, dpi = drawing.dpi): Promise<Buffer> {
  return encodePng(drawLabel(drawing, dpi), dpi);
}
