/**
 * Lays out a template for one product: binds {{fields}}, fits text, encodes and places barcodes,
 * decodes images. The result (a LabelDrawing) feeds every output, so PNG, PDF and ZPL agree.
 */
import { bindText, type LabelData, type Template, type TemplateElement } from '@tagwright/shared';
import { BarcodeError } from './barcode.ts';
import { layoutBarcode } from './barcode-layout.ts';
import type { DrawItem, ImageItem, LabelDrawing, Rotation } from './drawing.ts';
import { decodePng } from './raster/png-decode.ts';
import { layoutText } from './text-layout.ts';

/** A label that can't be rendered for this product; the message says which element and why. */
export class RenderError extends Error {}

function rotationOf(element: TemplateElement): Rotation | undefined {
  const degrees = ((element.rotation % 360) + 360) % 360;
  if (degrees === 0) return undefined;
  return { degrees, cx: element.x + element.width / 2, cy: element.y + element.height / 2 };
}

function decodeImage(src: string): Pick<ImageItem, 'data' | 'mime' | 'decoded'> {
  const match = /^data:image\/png;base64,([A-Za-z0-9+/=\s]+)$/.exec(src.trim());
  if (!match) throw new RenderError('is not a PNG data: URI (data:image/png;base64,…); save logos as PNG');
  const data = Buffer.from(match[1] as string, 'base64');
  try {
    return { mime: 'image/png', data, decoded: decodePng(data) };
  } catch (error) {
    throw new RenderError(`image ${(error as Error).message}`);
  }
}

function describe(element: TemplateElement, index: number): string {
  const what = element.type === 'barcode' ? `${element.symbology} barcode` : `${element.type}`;
  return `Element ${index + 1} (${what})`;
}

function layoutElement(template: Template, element: TemplateElement, data: LabelData, missing: string[]): DrawItem {
  const bind = (text: string) => {
    let bound: ReturnType<typeof bindText>;
    try {
      bound = bindText(text, data, template.locale);
    } catch (error) {
      throw new RenderError((error as Error).message);
    }
    missing.push(...bound.missing);
    return bound.text;
  };
  const rotation = rotationOf(element);
  switch (element.type) {
    case 'text':
      return { ...layoutText(element, bind(element.text)), rotation };
    case 'barcode': {
      const value = bind(element.value);
      if (value.trim() === '') throw new RenderError(`has no value: ${element.value} is empty for this product`);
      return { ...layoutBarcode(element, value, template.dpi), rotation };
    }
    case 'image':
      return {
        kind: 'image',
        x: element.x,
        y: element.y,
        width: element.width,
        height: element.height,
        fit: element.fit,
        ...decodeImage(bind(element.src)),
        rotation,
      };
    case 'box':
      return {
        kind: 'rect',
        x: element.x,
        y: element.y,
        width: element.width,
        height: element.height,
        radius: element.radius,
        fill: element.fill,
        stroke: element.stroke > 0 ? { width: element.stroke, color: element.strokeColor } : undefined,
        rotation,
      };
    case 'line':
      return {
        kind: 'line',
        x1: element.x,
        y1: element.y,
        x2: element.x + element.width,
        y2: element.y + element.height,
        width: element.stroke,
        color: element.strokeColor,
        rotation,
      };
  }
}

/** Lays out `template` for one product at `dpi` (barcode modules snap to it; default the template's). */
export function layoutLabel(template: Template, data: LabelData, dpi = template.dpi): LabelDrawing {
  const missing: string[] = [];
  const sized = dpi === template.dpi ? template : { ...template, dpi };
  const items = sized.elements.map((element, index) => {
    try {
      return layoutElement(sized, element, data, missing);
    } catch (error) {
      if (error instanceof RenderError || error instanceof BarcodeError)
        throw new RenderError(
          `${describe(element, index)} ${error instanceof RenderError ? error.message : `: ${error.message}`}`.replace(' :', ':'),
        );
      throw error;
    }
  });
  return {
    width_mm: template.width_mm,
    height_mm: template.height_mm,
    dpi,
    background: template.background,
    items,
    missing: [...new Set(missing)],
  };
}
