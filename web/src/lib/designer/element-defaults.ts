/** New elements as the designer adds them: every schema field set, sized to fit and centred on the label. */
import type { BarcodeSymbology, TemplateElement } from '@tagwright/shared/schemas';

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

/** A new element of `type` in the middle of a label `width` × `height` mm. */
export function newElement(type: ElementType, width: number, height: number, extra: { src?: string } = {}): TemplateElement {
  switch (type) {
    case 'text': {
      const w = fit(40, width);
      const h = fit(8, height);
      return {
        type,
        x: centre(w, width),
        y: centre(h, height),
        width: w,
        height: h,
        rotation: 0,
        text: '{{name}}',
        font: 'Inter',
        fontSize: 10,
        fontWeight: 'normal',
        align: 'left',
        verticalAlign: 'top',
        fit: 'wrap',
        minFontSize: 5,
        lineHeight: 1.15,
        color: '#000000',
      };
    }
    case 'barcode': {
      const w = fit(32, width);
      const h = fit(18, height);
      return {
        type,
        x: centre(w, width),
        y: centre(h, height),
        width: w,
        height: h,
        rotation: 0,
        symbology: 'ean13',
        value: '{{gtin}}',
        humanReadable: true,
      };
    }
    case 'image': {
      const side = fit(15, Math.min(width, height));
      return {
        type,
        x: centre(side, width),
        y: centre(side, height),
        width: side,
        height: side,
        rotation: 0,
        src: extra.src ?? '',
        fit: 'contain',
      };
    }
    case 'box': {
      const w = fit(30, width);
      const h = fit(15, height);
      return {
        type,
        x: centre(w, width),
        y: centre(h, height),
        width: w,
        height: h,
        rotation: 0,
        stroke: 0.3,
        strokeColor: '#000000',
        radius: 0,
      };
    }
    case 'line': {
      const w = fit(30, width);
      return {
        type,
        x: centre(w, width),
        y: Number((height / 2).toFixed(1)),
        width: w,
        height: 0,
        rotation: 0,
        stroke: 0.3,
        strokeColor: '#000000',
      };
    }
  }
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
