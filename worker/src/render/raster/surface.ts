/** A pixel buffer to draw labels on: greyscale (1 channel) or RGB (3), opaque, with coverage blending. */
import type { Coverage } from './coverage.ts';

export interface PixelRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export type Rgb = [number, number, number];

export function parseColor(hex: string): Rgb {
  const v = Number.parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

export const isGrey = ([r, g, b]: Rgb) => r === g && g === b;

export class Surface {
  readonly data: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
    readonly channels: 1 | 3,
    background: Rgb,
  ) {
    this.data = new Uint8Array(width * height * channels);
    if (channels === 1) this.data.fill(background[0]);
    else for (let i = 0; i < this.data.length; i += 3) this.data.set(background, i);
  }

  /** Blends `color` over pixel `index` by `a` (typed-array stores truncate, so +0.5 rounds). */
  private put(index: number, color: Rgb, a: number) {
    const d = this.data;
    if (this.channels === 1) d[index] = (d[index] as number) + (color[0] - (d[index] as number)) * a + 0.5;
    else {
      const o = index * 3;
      d[o] = (d[o] as number) + (color[0] - (d[o] as number)) * a + 0.5;
      d[o + 1] = (d[o + 1] as number) + (color[1] - (d[o + 1] as number)) * a + 0.5;
      d[o + 2] = (d[o + 2] as number) + (color[2] - (d[o + 2] as number)) * a + 0.5;
    }
  }

  private bounds(clip?: PixelRect): PixelRect {
    return {
      x0: Math.max(0, clip?.x0 ?? 0),
      y0: Math.max(0, clip?.y0 ?? 0),
      x1: Math.min(this.width, clip?.x1 ?? this.width),
      y1: Math.min(this.height, clip?.y1 ?? this.height),
    };
  }

  /** Blends `color` through a coverage bitmap, inside `clip` (whole pixels). */
  blit(coverage: Coverage, color: Rgb, clip?: PixelRect, dx = 0, dy = 0) {
    const b = this.bounds(clip);
    const ox = coverage.x + dx;
    const oy = coverage.y + dy;
    const xs = Math.max(ox, b.x0);
    const xe = Math.min(ox + coverage.width, b.x1);
    const ys = Math.max(oy, b.y0);
    const ye = Math.min(oy + coverage.height, b.y1);
    for (let y = ys; y < ye; y++) {
      const row = (y - oy) * coverage.width - ox;
      const line = y * this.width;
      for (let x = xs; x < xe; x++) {
        const a = coverage.alpha[row + x] as number;
        if (a > 0.002) this.put(line + x, color, a);
      }
    }
  }

  /** An axis-aligned rectangle with fractional edges (partly covered pixels blend). */
  fillRect(x0: number, y0: number, x1: number, y1: number, color: Rgb, clip?: PixelRect) {
    const b = this.bounds(clip);
    const cx0 = Math.max(x0, b.x0);
    const cx1 = Math.min(x1, b.x1);
    const cy0 = Math.max(y0, b.y0);
    const cy1 = Math.min(y1, b.y1);
    if (cx1 <= cx0 || cy1 <= cy0) return;
    const colStart = Math.floor(cx0);
    const colEnd = Math.ceil(cx1);
    const cover = new Float32Array(colEnd - colStart);
    for (let x = colStart; x < colEnd; x++) cover[x - colStart] = Math.min(x + 1, cx1) - Math.max(x, cx0);
    for (let y = Math.floor(cy0); y < Math.ceil(cy1); y++) {
      const vy = Math.min(y + 1, cy1) - Math.max(y, cy0);
      const line = y * this.width;
      for (let x = colStart; x < colEnd; x++) {
        const a = vy * (cover[x - colStart] as number);
        if (a > 0.002) this.put(line + x, color, a);
      }
    }
  }

  /** Draws RGBA pixels mapped through `inverse` (surface pixel → image pixel), nearest sample, inside `area`. */
  drawImage(
    rgba: Uint8Array,
    imageWidth: number,
    imageHeight: number,
    inverse: (x: number, y: number) => [number, number],
    area: PixelRect,
  ) {
    const b = this.bounds(area);
    for (let y = Math.floor(b.y0); y < Math.ceil(b.y1); y++)
      for (let x = Math.floor(b.x0); x < Math.ceil(b.x1); x++) {
        const [u, v] = inverse(x + 0.5, y + 0.5);
        const ix = Math.floor(u);
        const iy = Math.floor(v);
        if (ix < 0 || iy < 0 || ix >= imageWidth || iy >= imageHeight) continue;
        const p = (iy * imageWidth + ix) * 4;
        const a = (rgba[p + 3] as number) / 255;
        if (a > 0) this.put(y * this.width + x, [rgba[p] as number, rgba[p + 1] as number, rgba[p + 2] as number], a);
      }
  }
}
