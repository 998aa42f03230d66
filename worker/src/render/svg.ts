/** A laid-out label as SVG (millimetre user units, text as glyph outlines): for previews in a browser. */
import type { Box, DrawItem, LabelDrawing, Rotation, TextItem } from './drawing.ts';

const n = (value: number) => Number(value.toFixed(4));

function transform(rotation: Rotation | undefined): string {
  return rotation ? ` transform="rotate(${n(rotation.degrees)} ${n(rotation.cx)} ${n(rotation.cy)})"` : '';
}

function rectPath(rects: Box[]): string {
  return rects.map((r) => `M${n(r.x)} ${n(r.y)}h${n(r.width)}v${n(r.height)}h${n(-r.width)}z`).join('');
}

/** Per document: clip-path ids and the glyph outlines used (drawn once in <defs>, placed with <use>). */
interface SvgContext {
  clips: number;
  glyphs: Map<string, string>;
}

/** Text as glyph outlines: no font lookup at render time, and exactly the advances layout measured. */
function text(ctx: SvgContext, item: TextItem, rotation?: Rotation): string {
  const id = `c${ctx.clips++}`;
  const { clip, size } = item;
  let uses = '';
  for (const line of item.lines) {
    let x = line.x;
    for (const glyph of item.font.glyphs(line.text)) {
      if (glyph.path !== '') {
        ctx.glyphs.set(glyph.id, glyph.path);
        uses += `<use href="#${glyph.id}" transform="translate(${n(x)} ${n(line.y)}) scale(${n(size)})"/>`;
      }
      x += glyph.advance * size;
    }
  }
  return (
    `<clipPath id="${id}"><rect x="${n(clip.x)}" y="${n(clip.y)}" width="${n(clip.width)}" height="${n(clip.height)}"/></clipPath>` +
    `<g clip-path="url(#${id})"${transform(rotation)} fill="${item.color}">${uses}</g>`
  );
}

function item(ctx: SvgContext, entry: DrawItem): string {
  switch (entry.kind) {
    case 'rect': {
      const stroke = entry.stroke ? ` stroke="${entry.stroke.color}" stroke-width="${n(entry.stroke.width)}"` : '';
      const inset = entry.stroke ? entry.stroke.width / 2 : 0;
      return `<rect x="${n(entry.x + inset)}" y="${n(entry.y + inset)}" width="${n(entry.width - 2 * inset)}" height="${n(entry.height - 2 * inset)}" rx="${n(entry.radius)}" fill="${entry.fill ?? 'none'}"${stroke}${transform(entry.rotation)}/>`;
    }
    case 'line':
      return `<line x1="${n(entry.x1)}" y1="${n(entry.y1)}" x2="${n(entry.x2)}" y2="${n(entry.y2)}" stroke="${entry.color}" stroke-width="${n(entry.width)}"${transform(entry.rotation)}/>`;
    case 'text':
      return text(ctx, entry, entry.rotation);
    case 'barcode':
      return `<g${transform(entry.rotation)}><path d="${rectPath(entry.rects)}" fill="#000000" shape-rendering="crispEdges"/>${entry.text ? text(ctx, entry.text) : ''}</g>`;
    case 'image': {
      const aspect = entry.fit === 'fill' ? 'none' : entry.fit === 'cover' ? 'xMidYMid slice' : 'xMidYMid meet';
      return `<image x="${n(entry.x)}" y="${n(entry.y)}" width="${n(entry.width)}" height="${n(entry.height)}" preserveAspectRatio="${aspect}" href="data:${entry.mime};base64,${entry.data.toString('base64')}"${transform(entry.rotation)}/>`;
    }
  }
}

/** The label as an SVG document whose user unit is 1 mm. */
export function labelSvg(drawing: LabelDrawing): string {
  const ctx: SvgContext = { clips: 0, glyphs: new Map() };
  const { width_mm: w, height_mm: h } = drawing;
  const body = drawing.items.map((entry) => item(ctx, entry)).join('');
  const defs = [...ctx.glyphs].map(([id, d]) => `<path id="${id}" d="${d}"/>`).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="${n(w)}mm" height="${n(h)}mm" viewBox="0 0 ${n(w)} ${n(h)}">` +
    `<defs>${defs}</defs><rect width="${n(w)}" height="${n(h)}" fill="${drawing.background}"/>${body}</svg>`
  );
}
