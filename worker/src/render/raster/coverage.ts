/**
 * Anti-aliased polygon coverage, the accumulation way (as in font-rs): each edge adds its signed
 * area to the cells it crosses, a running sum per row turns that into coverage 0–1. Curves are
 * flattened to lines first. Fast enough to draw a label's glyphs and shapes in about a millisecond.
 */

/** A coverage bitmap placed at (x, y) in pixels. */
export interface Coverage {
  x: number;
  y: number;
  width: number;
  height: number;
  /** width × height, 0 (outside) to 1 (inside). */
  alpha: Float32Array;
}

/** Closed contours in pixels: each a flat [x0, y0, x1, y1, …] list (closed back to its first point). */
export type Contours = number[][];

function addLine(acc: Float32Array, stride: number, rows: number, x0: number, y0: number, x1: number, y1: number) {
  if (y0 === y1) return;
  let dir = 1;
  if (y0 > y1) {
    dir = -1;
    [x0, x1] = [x1, x0];
    [y0, y1] = [y1, y0];
  }
  const dxdy = (x1 - x0) / (y1 - y0);
  let x = x0;
  if (y0 < 0) {
    x -= y0 * dxdy;
    y0 = 0;
  }
  const yEnd = Math.min(rows, Math.ceil(y1));
  for (let y = Math.max(0, Math.floor(y0)); y < yEnd; y++) {
    const line = y * stride;
    const dy = Math.min(y + 1, y1) - Math.max(y, y0);
    const xNext = x + dxdy * dy;
    const d = dy * dir;
    const xa = Math.min(x, xNext);
    const xb = Math.max(x, xNext);
    const xaFloor = Math.floor(xa);
    const xai = xaFloor;
    const xbCeil = Math.ceil(xb);
    const xbi = xbCeil;
    if (xbi <= xai + 1) {
      const xmf = 0.5 * (x + xNext) - xaFloor;
      acc[line + xai] = (acc[line + xai] as number) + d - d * xmf;
      acc[line + xai + 1] = (acc[line + xai + 1] as number) + d * xmf;
    } else {
      const s = 1 / (xb - xa);
      const xaf = xa - xaFloor;
      const a0 = 0.5 * s * (1 - xaf) * (1 - xaf);
      const xbf = xb - xbCeil + 1;
      const am = 0.5 * s * xbf * xbf;
      acc[line + xai] = (acc[line + xai] as number) + d * a0;
      if (xbi === xai + 2) acc[line + xai + 1] = (acc[line + xai + 1] as number) + d * (1 - a0 - am);
      else {
        const a1 = s * (1.5 - xaf);
        acc[line + xai + 1] = (acc[line + xai + 1] as number) + d * (a1 - a0);
        for (let xi = xai + 2; xi < xbi - 1; xi++) acc[line + xi] = (acc[line + xi] as number) + d * s;
        const a2 = a1 + (xbi - xai - 3) * s;
        acc[line + xbi - 1] = (acc[line + xbi - 1] as number) + d * (1 - a2 - am);
      }
      acc[line + xbi] = (acc[line + xbi] as number) + d * am;
    }
    x = xNext;
  }
}

/** Coverage of the contours (non-zero-ish: overlapping same-direction shapes saturate at 1). */
export function rasterize(contours: Contours): Coverage | undefined {
  let minX = Number.POSITIVE_INFINITY;
  let minY = Number.POSITIVE_INFINITY;
  let maxX = Number.NEGATIVE_INFINITY;
  let maxY = Number.NEGATIVE_INFINITY;
  for (const c of contours)
    for (let i = 0; i < c.length; i += 2) {
      const px = c[i] as number;
      const py = c[i + 1] as number;
      if (px < minX) minX = px;
      if (px > maxX) maxX = px;
      if (py < minY) minY = py;
      if (py > maxY) maxY = py;
    }
  if (!(maxX > minX && maxY > minY)) return undefined;
  const x = Math.floor(minX);
  const y = Math.floor(minY);
  const width = Math.ceil(maxX) - x;
  const height = Math.ceil(maxY) - y;
  const stride = width + 2;
  const acc = new Float32Array(stride * height + 2);
  for (const c of contours) {
    const n = c.length;
    for (let i = 0; i < n; i += 2) {
      const j = (i + 2) % n;
      addLine(acc, stride, height, (c[i] as number) - x, (c[i + 1] as number) - y, (c[j] as number) - x, (c[j + 1] as number) - y);
    }
  }
  const alpha = new Float32Array(width * height);
  for (let row = 0; row < height; row++) {
    let sum = 0;
    const from = row * stride;
    const to = row * width;
    for (let col = 0; col < width; col++) {
      sum += acc[from + col] as number;
      const a = Math.abs(sum);
      alpha[to + col] = Math.min(a, 1);
    }
  }
  return { x, y, width, height, alpha };
}

/** 2×3 affine transform [a, b, c, d, e, f]: x' = a·x + c·y + e, y' = b·x + d·y + f. */
export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

export function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

/** Rotation by `degrees` (clockwise on screen) about (cx, cy). */
export function rotation(degrees: number, cx: number, cy: number): Matrix {
  const r = (degrees * Math.PI) / 180;
  const cos = Math.cos(r);
  const sin = Math.sin(r);
  return [cos, sin, -sin, cos, cx - cos * cx + sin * cy, cy - sin * cx - cos * cy];
}

const TOLERANCE = 0.2;

/**
 * SVG path data (M, L, Q, C, Z — absolute, as fonts.ts writes them) → flattened contours through `m`.
 */
export function pathContours(d: string, m: Matrix): Contours {
  const contours: Contours = [];
  let current: number[] = [];
  let cx = 0;
  let cy = 0;
  const push = (x: number, y: number) => current.push(m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]);
  const scale = Math.sqrt(Math.abs(m[0] * m[3] - m[1] * m[2]));
  const tokens = d.match(/[MLQCZ]|-?[\d.]+(?:e-?\d+)?/g) ?? [];
  let i = 0;
  const num = () => Number(tokens[i++]);
  while (i < tokens.length) {
    const command = tokens[i++];
    if (command === 'M') {
      if (current.length > 2) contours.push(current);
      current = [];
      cx = num();
      cy = num();
      push(cx, cy);
    } else if (command === 'L') {
      cx = num();
      cy = num();
      push(cx, cy);
    } else if (command === 'Q') {
      const [x1, y1, x2, y2] = [num(), num(), num(), num()];
      const steps = Math.max(
        1,
        Math.ceil(Math.sqrt(((Math.hypot(x1 - cx, y1 - cy) + Math.hypot(x2 - x1, y2 - y1)) * scale) / TOLERANCE / 4)),
      );
      for (let s = 1; s <= steps; s++) {
        const t = s / steps;
        const u = 1 - t;
        push(u * u * cx + 2 * u * t * x1 + t * t * x2, u * u * cy + 2 * u * t * y1 + t * t * y2);
      }
      cx = x2;
      cy = y2;
    } else if (command === 'C') {
      const [x1, y1, x2, y2, x3, y3] = [num(), num(), num(), num(), num(), num()];
      const length = Math.hypot(x1 - cx, y1 - cy) + Math.hypot(x2 - x1, y2 - y1) + Math.hypot(x3 - x2, y3 - y2);
      const steps = Math.max(1, Math.ceil(Math.sqrt((length * scale) / TOLERANCE / 4)));
      for (let s = 1; s <= steps; s++) {
        const t = s / steps;
        const u = 1 - t;
        push(
          u * u * u * cx + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x3,
          u * u * u * cy + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y3,
        );
      }
      cx = x3;
      cy = y3;
    } else if (command === 'Z') {
      if (current.length > 2) contours.push(current);
      current = [];
    }
    // anything else is a stray number (fonts.ts never writes one): skipped
  }
  if (current.length > 2) contours.push(current);
  return contours;
}

/** A rectangle (x, y, w, h in user units) through `m` as one contour. */
export function rectContour(x: number, y: number, w: number, h: number, m: Matrix): number[] {
  const p = (px: number, py: number) => [m[0] * px + m[2] * py + m[4], m[1] * px + m[3] * py + m[5]];
  return [...p(x, y), ...p(x + w, y), ...p(x + w, y + h), ...p(x, y + h)];
}
