/** A laid-out label as SVG (millimetre user units), the input resvg turns into a PNG. */
import type { Box, DrawItem, LabelDrawing, Rotation, TextItem } from './drawing.ts';

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const n = (value: number) => Number(value.toFixed(4));

function transform(rotation: Rotation | undefined): string {
  return rotation ? ` transform="rotate(${n(rotation.degrees)} ${n(rotation.cx)} ${n(rotation.cy)})"` : '';
}

function rectPath(rects: Box[]): string {
  return rects.map((r) => `M${n(r.x)} ${n(r.y)}h${n(r.width)}v${n(r.height)}h${n(-r.width)}z`).join('');
}

let clipIds = 0;

function text(item: TextItem, rotation?: Rotation): string {
  const id = `c${clipIds++}`;
  const { clip } = item;
  const weight = item.font.weight === 'bold' ? 700 : 400;
  const lines = item.lines
    .filter((line) => line.text !== '')
    .map((line) => `<text x="${n(line.x)}" y="${n(line.y)}">${escapeXml(line.text)}</text>`)
    .join('');
  return (
    `<clipPath id="${id}"><rect x="${n(clip.x)}" y="${n(clip.y)}" width="${n(clip.width)}" height="${n(clip.height)}"/></clipPath>` +
    `<g clip-path="url(#${id})"${transform(rotation)} font-family="${item.font.family}" font-weight="${weight}" font-size="${n(item.size)}" fill="${item.color}" xml:space="preserve">${lines}</g>`
  );
}

function item(entry: DrawItem): string {
  switch (entry.kind) {
    case 'rect': {
      const stroke = entry.stroke ? ` stroke="${entry.stroke.color}" stroke-width="${n(entry.stroke.width)}"` : '';
      const inset = entry.stroke ? entry.stroke.width / 2 : 0;
      return `<rect x="${n(entry.x + inset)}" y="${n(entry.y + inset)}" width="${n(entry.width - 2 * inset)}" height="${n(entry.height - 2 * inset)}" rx="${n(entry.radius)}" fill="${entry.fill ?? 'none'}"${stroke}${transform(entry.rotation)}/>`;
    }
    case 'line':
      return `<line x1="${n(entry.x1)}" y1="${n(entry.y1)}" x2="${n(entry.x2)}" y2="${n(entry.y2)}" stroke="${entry.color}" stroke-width="${n(entry.width)}"${transform(entry.rotation)}/>`;
    case 'text':
      return text(entry, entry.rotation);
    case 'barcode':
      return `<g${transform(entry.rotation)}><path d="${rectPath(entry.rects)}" fill="#000000" shape-rendering="crispEdges"/>${entry.text ? text(entry.text) : ''}</g>`;
    case 'image': {
      const aspect = entry.fit === 'fill' ? 'none' : entry.fit === 'cover' ? 'xMidYMid slice' : 'xMidYMid meet';
      return `<image x="${n(entry.x)}" y="${n(entry.y)}" width="${n(entry.width)}" height="${n(entry.height)}" preserveAspectRatio="${aspect}" href="data:${entry.mime};base64,${entry.data.toString('base64')}"${transform(entry.rotation)}/>`;
    }
  }
}

/** The label as an SVG document whose user unit is 1 mm. */
export function labelSvg(drawing: LabelDrawing): string {
  clipIds = 0;
  const { width_mm: w, height_mm: h } = drawing;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n(w)}mm" height="${n(h)}mm" viewBox="0 0 ${n(w)} ${n(h)}">` +
    `<rect width="${n(w)}" height="${n(h)}" fill="${drawing.background}"/>` +
    drawing.items.map(item).join('') +
    '</svg>'
  );
}
