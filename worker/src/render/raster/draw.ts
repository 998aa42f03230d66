/**
 * Draws a laid-out label on pixels: rectangles and barcode bars straight into the buffer (bars sit
 * on whole pixels, since layout snapped them), glyphs from a cache of rasterised outlines, other
 * shapes and anything rotated through the coverage rasteriser, PNG images sampled.
 */
import type { Box, DrawItem, LabelDrawing, Rotation, TextItem } from '../drawing.ts';
import { type Coverage, type Matrix, multiply, pathContours, rasterize, rectContour, rotation } from './coverage.ts';
import { isGrey, type PixelRect, parseColor, type Rgb, Surface } from './surface.ts';

const BLACK: Rgb = [0, 0, 0];

/** Glyph bitmaps by glyph, pixel size and quarter-pixel phase: labels reuse few glyphs at few sizes. */
const glyphCache = new Map<string, Coverage | null>();

function colorsOf(drawing: LabelDrawing): string[] {
  const colors = [drawing.background];
  for (const item of drawing.items) {
    if (item.kind === 'text') colors.push(item.color);
    if (item.kind === 'line') colors.push(item.color);
    if (item.kind === 'rect') colors.push(item.fill ?? '#000000', item.stroke?.color ?? '#000000');
  }
  return colors;
}

class Painter {
  constructor(
    readonly surface: Surface,
    /** Pixels per mm across and down. */
    readonly kx: number,
    readonly ky: number,
  ) {}

  private base(): Matrix {
    return [this.kx, 0, 0, this.ky, 0, 0];
  }

  private matrix(rot: Rotation | undefined): Matrix {
    return rot ? multiply(this.base(), rotation(rot.degrees, rot.cx, rot.cy)) : this.base();
  }

  private pixelBox(box: Box): PixelRect {
    return { x0: box.x * this.kx, y0: box.y * this.ky, x1: (box.x + box.width) * this.kx, y1: (box.y + box.height) * this.ky };
  }

  private fillContours(contours: number[][], color: Rgb, clip?: PixelRect) {
    const coverage = rasterize(contours);
    if (coverage) this.surface.blit(coverage, color, clip && roundOut(clip));
  }

  rect(box: Box, color: Rgb, rot?: Rotation, clip?: PixelRect) {
    if (!rot) {
      const p = this.pixelBox(box);
      this.surface.fillRect(p.x0, p.y0, p.x1, p.y1, color, clip);
    } else this.fillContours([rectContour(box.x, box.y, box.width, box.height, this.matrix(rot))], color);
  }

  text(item: TextItem, rot?: Rotation) {
    const color = parseColor(item.color);
    const clip = rot ? undefined : roundOut(this.pixelBox(item.clip));
    const size = item.size * this.ky;
    for (const line of item.lines) {
      let x = line.x;
      for (const glyph of item.font.glyphs(line.text)) {
        if (glyph.path !== '') {
          if (rot) {
            const m = multiply(this.matrix(rot), [item.size, 0, 0, item.size, x, line.y]);
            this.fillContours(pathContours(glyph.path, m), color);
          } else {
            const px = x * this.kx;
            const py = line.y * this.ky;
            const ix = Math.floor(px);
            const iy = Math.floor(py);
            const fx = Math.round((px - ix) * 4) / 4;
            const fy = Math.round((py - iy) * 4) / 4;
            const key = `${glyph.id}|${size.toFixed(2)}|${fx}|${fy}`;
            let coverage = glyphCache.get(key);
            if (coverage === undefined) {
              coverage = rasterize(pathContours(glyph.path, [size, 0, 0, size, fx, fy])) ?? null;
              if (glyphCache.size > 20_000) glyphCache.clear();
              glyphCache.set(key, coverage);
            }
            if (coverage) this.surface.blit(coverage, color, clip, ix, iy);
          }
        }
        x += glyph.advance * item.size;
      }
    }
  }

  item(entry: DrawItem) {
    switch (entry.kind) {
      case 'rect': {
        const rounded = entry.radius > 0;
        const outer = (inset: number) =>
          rounded
            ? pathContours(
                roundedRectPath(
                  entry.x + inset,
                  entry.y + inset,
                  entry.width - 2 * inset,
                  entry.height - 2 * inset,
                  Math.max(0, entry.radius - inset),
                ),
                this.matrix(entry.rotation),
              )
            : [
                rectContour(
                  entry.x + inset,
                  entry.y + inset,
                  entry.width - 2 * inset,
                  entry.height - 2 * inset,
                  this.matrix(entry.rotation),
                ),
              ];
        if (entry.fill) {
          if (!rounded) this.rect(entry, parseColor(entry.fill), entry.rotation);
          else this.fillContours(outer(0), parseColor(entry.fill));
        }
        if (entry.stroke) {
          const w = Math.min(entry.stroke.width, entry.width / 2, entry.height / 2);
          // a ring: the outer outline one way, the inner one reversed, so the middle stays empty
          const inner = outer(w).map(reverseContour);
          this.fillContours([...outer(0), ...inner], parseColor(entry.stroke.color));
        }
        break;
      }
      case 'line': {
        const dx = entry.x2 - entry.x1;
        const dy = entry.y2 - entry.y1;
        const length = Math.hypot(dx, dy) || 1;
        const nx = ((-dy / length) * entry.width) / 2;
        const ny = ((dx / length) * entry.width) / 2;
        const m = this.matrix(entry.rotation);
        const p = (x: number, y: number) => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
        this.fillContours(
          [
            [
              ...p(entry.x1 + nx, entry.y1 + ny),
              ...p(entry.x2 + nx, entry.y2 + ny),
              ...p(entry.x2 - nx, entry.y2 - ny),
              ...p(entry.x1 - nx, entry.y1 - ny),
            ],
          ],
          parseColor(entry.color),
        );
        break;
      }
      case 'text':
        this.text(entry, entry.rotation);
        break;
      case 'barcode':
        if (entry.rotation) {
          const m = this.matrix(entry.rotation);
          this.fillContours(
            entry.rects.map((r) => rectContour(r.x, r.y, r.width, r.height, m)),
            BLACK,
          );
        } else for (const r of entry.rects) this.rect(r, BLACK);
        if (entry.text) this.text(entry.text, entry.rotation);
        break;
      case 'image':
        this.image(entry);
        break;
    }
  }

  private image(entry: Extract<DrawItem, { kind: 'image' }>) {
    const { width, height, rgba } = entry.decoded;
    // where the image lands inside its box (mm), by fit
    let w = entry.width;
    let h = entry.height;
    if (entry.fit !== 'fill') {
      const scale =
        entry.fit === 'contain'
          ? Math.min(entry.width / width, entry.height / height)
          : Math.max(entry.width / width, entry.height / height);
      w = width * scale;
      h = height * scale;
    }
    const x = entry.x + (entry.width - w) / 2;
    const y = entry.y + (entry.height - h) / 2;
    const forward = multiply(this.matrix(entry.rotation), [w / width, 0, 0, h / height, x, y]);
    const det = forward[0] * forward[3] - forward[1] * forward[2];
    const inverse = (px: number, py: number): [number, number] => {
      const tx = px - forward[4];
      const ty = py - forward[5];
      return [(forward[3] * tx - forward[2] * ty) / det, (-forward[1] * tx + forward[0] * ty) / det];
    };
    const corners = rectContour(entry.x, entry.y, entry.width, entry.height, this.matrix(entry.rotation));
    const xs = corners.filter((_, i) => i % 2 === 0);
    const ys = corners.filter((_, i) => i % 2 === 1);
    this.surface.drawImage(rgba, width, height, inverse, {
      x0: Math.min(...xs),
      y0: Math.min(...ys),
      x1: Math.max(...xs),
      y1: Math.max(...ys),
    });
  }
}

function roundOut(r: PixelRect): PixelRect {
  return { x0: Math.floor(r.x0), y0: Math.floor(r.y0), x1: Math.ceil(r.x1), y1: Math.ceil(r.y1) };
}

function reverseContour(c: number[]): number[] {
  const out: number[] = [];
  for (let i = c.length - 2; i >= 0; i -= 2) out.push(c[i] as number, c[i + 1] as number);
  return out;
}

/** A rounded rectangle as path data (corners as quadratic curves, close enough at label sizes). */
function roundedRectPath(x: number, y: number, w: number, h: number, r: number): string {
  const k = Math.min(r, w / 2, h / 2);
  return `M${x + k} ${y}L${x + w - k} ${y}Q${x + w} ${y} ${x + w} ${y + k}L${x + w} ${y + h - k}Q${x + w} ${y + h} ${x + w - k} ${y + h}L${x + k} ${y + h}Q${x} ${y + h} ${x} ${y + h - k}L${x} ${y + k}Q${x} ${y} ${x + k} ${y}Z`;
}

/** The label's pixels at `dpi`: greyscale when every colour on it is a grey, else RGB. */
export function drawLabel(drawing: LabelDrawing, dpi: number): Surface {
  const width = Math.round((drawing.width_mm / 25.4) * dpi);
  const height = Math.round((drawing.height_mm / 25.4) * dpi);
  const grey = colorsOf(drawing).every((c) => isGrey(parseColor(c))) && !drawing.items.some((i) => i.kind === 'image');
  const surface = new Surface(width, height, grey ? 1 : 3, parseColor(drawing.background));
  // exactly dpi/25.4 pixels per mm, so bars layout snapped to whole dots land on whole pixels
  const painter = new Painter(surface, dpi / 25.4, dpi / 25.4);
  for (const item of drawing.items) painter.item(item);
  return surface;
}
