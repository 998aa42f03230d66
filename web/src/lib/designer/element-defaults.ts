/** New elements as the designer adds them: every schema field set, sized to fit and centred on the label. */
import { type BarcodeSymbology, type TemplateElement, templateElement } from '@tagwright/shared/schemas';

export type ElementType = TemplateElement['type'];

const fit = (want: number, room: number) => Number(Math.max(0.5, Math.min(want, room * 0.8)).toFixed(1));
// Centred, then onto the 0.5 mm grid so the new element lines up with what snapping produces.
const centre = (size: number, room: number) => Math.max(0, Math.round((room - size) / 2 / 0.5) * 0.5);

/** Sensible first data for a symbology, so a new barcode renders with the product's own field. */
export function defaultBarcodeValue(symbology: BarcodeSymbology): string {
  switch (symbology) {
    case 'ean13':
    case 'upca':
      return '{{gtin}}';
    case 'itf14':
      return '{{gtin14}}';
    case 'gs1-128':
      return '(01){{gtin14}}';
    case 'qr':
    case 'datamatrix':
      return '{{url}}';
    default:
      return '{{sku}}';
  }
}

/** First size (mm) of each kind of element, shrunk to fit small labels. */
const FIRST_SIZE: Record<ElementType, [number, number]> = {
  text: [40, 8],
  barcode: [32, 18],
  image: [15, 15],
  box: [30, 15],
  line: [30, 0],
};

/**
 * A new element of `type` in the middle of a label `width` × `height` mm. Everything but its place
 * and first content comes from the shared schema's defaults, so the designer never disagrees with it.
 */
export function newElement(type: ElementType, width: number, height: number, extra: { src?: string } = {}): TemplateElement {
  const [wantW, wantH] = FIRST_SIZE[type];
  const w = type === 'image' ? fit(wantW, Math.min(width, height)) : fit(wantW, width);
  const h = type === 'image' ? w : type === 'line' ? 0 : fit(wantH, height);
  const place = { x: centre(w, width), y: type === 'line' ? Number((height / 2).toFixed(1)) : centre(h, height), width: w, height: h };
  const content =
    type === 'text'
      ? { text: '{{name}}' }
      : type === 'barcode'
        ? { symbology: 'ean13', value: defaultBarcodeValue('ean13') }
        : type === 'image'
          ? { src: extra.src ?? '' }
          : {};
  return templateElement.parse({ type, ...place, ...content });
}

/** A short name for an element in lists and screen-reader labels. */
export function describeElement(element: TemplateElement, index: number): string {
  const n = index + 1;
  switch (element.type) {
    case 'text':
      return `${n}. Text “${element.text.slice(0, 30) || 'empty'}”`;
    case 'barcode':
      return `${n}. Barcode ${element.symbology.toUpperCase()} ${element.value}`;
    case 'image':
      return `${n}. Image`;
    case 'box':
      return `${n}. Box`;
    case 'line':
      return `${n}. Line`;
  }
}
