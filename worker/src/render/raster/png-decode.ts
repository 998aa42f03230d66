/** Decodes the PNG images a template may carry (logos) to RGBA: 8-bit, non-interlaced, any colour type. */
import zlib from 'node:zlib';

export class ImageDecodeError extends Error {}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(png: Buffer): { width: number; height: number; rgba: Uint8Array } {
  if (png.length < 8 || png.readUInt32BE(0) !== 0x89504e47) throw new ImageDecodeError('is not a PNG file');
  let offset = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  let palette: Buffer | undefined;
  let transparency: Buffer | undefined;
  const idat: Buffer[] = [];
  while (offset + 8 <= png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    offset += 12 + length;
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      colorType = data[9] as number;
      if (data[8] !== 8) throw new ImageDecodeError(`has ${data[8]}-bit samples; save it as an 8-bit PNG`);
      if (data[12] !== 0) throw new ImageDecodeError('is interlaced; save it without interlacing');
    } else if (type === 'PLTE') palette = data;
    else if (type === 'tRNS') transparency = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
  }
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
  if (!channels || width === 0 || height === 0) throw new ImageDecodeError('has an unsupported PNG layout');
  if (width * height > 25_000_000) throw new ImageDecodeError(`is ${width} × ${height} pixels; scale it down (a label needs far fewer)`);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length < (stride + 1) * height) throw new ImageDecodeError('is truncated');
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    for (let i = 0; i < stride; i++) {
      const x = raw[src + i] as number;
      const a = i >= channels ? (pixels[dst + i - channels] as number) : 0;
      const b = y > 0 ? (pixels[dst - stride + i] as number) : 0;
      const c = y > 0 && i >= channels ? (pixels[dst - stride + i - channels] as number) : 0;
      pixels[dst + i] =
        filter === 1 ? x + a : filter === 2 ? x + b : filter === 3 ? x + ((a + b) >> 1) : filter === 4 ? x + paeth(a, b, c) : x;
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0, p = 0; i < width * height; i++, p += channels) {
    const o = i * 4;
    if (colorType === 3) {
      const index = pixels[p] as number;
      rgba[o] = palette?.[index * 3] ?? 0;
      rgba[o + 1] = palette?.[index * 3 + 1] ?? 0;
      rgba[o + 2] = palette?.[index * 3 + 2] ?? 0;
      rgba[o + 3] = transparency?.[index] ?? 255;
    } else if (channels <= 2) {
      rgba[o] = rgba[o + 1] = rgba[o + 2] = pixels[p] as number;
      rgba[o + 3] = channels === 2 ? (pixels[p + 1] as number) : 255;
    } else {
      rgba[o] = pixels[p] as number;
      rgba[o + 1] = pixels[p + 1] as number;
      rgba[o + 2] = pixels[p + 2] as number;
      rgba[o + 3] = channels === 4 ? (pixels[p + 3] as number) : 255;
    }
  }
  return { width, height, rgba };
}
