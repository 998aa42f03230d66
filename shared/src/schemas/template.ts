/**
 * Label templates: physical size, resolution, stock and the elements drawn on the label. The one
 * definition the dashboard's designer, the worker's renderer and the CLI validate against.
 */
import { z } from 'zod';
import { barcodeDigits } from '../labels/barcode-digits.ts';

const mm = z.number().min(0).max(1000);
const color = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, 'use a hex colour like #1a2b3c')
  .default('#000000');
/** Every element sits in a box (mm from the label's top-left) and may be rotated about its centre. */
const placement = {
  x: mm,
  y: mm,
  width: mm.positive(),
  height: mm.positive(),
  rotation: z.number().min(-360).max(360).default(0),
};

/** Fonts that ship with Tagwright (TTF files from npm packages). */
export const fontFamilies = ['Inter', 'DejaVu Sans', 'DejaVu Sans Mono', 'DejaVu Serif'] as const;

export const textElement = z.object({
  type: z.literal('text'),
  ...placement,
  /** Literal text with bindings: {{name}}, {{price}}, {{price:amount}}, {{sku:upper}}, {{today:date}}… */
  text: z.string().max(2000),
  font: z.enum(fontFamilies).default('Inter'),
  /** Size in points (1 pt = 0.3528 mm). */
  fontSize: z.number().min(2).max(400).default(10),
  fontWeight: z.enum(['normal', 'bold']).default('normal'),
  align: z.enum(['left', 'center', 'right']).default('left'),
  verticalAlign: z.enum(['top', 'middle', 'bottom']).default('top'),
  /** wrap: break into lines (shrinking only if even that overflows); shrink: one line, smaller until it fits; clip: cut at the box. */
  fit: z.enum(['wrap', 'shrink', 'clip']).default('wrap'),
  /** Smallest size shrinking may reach, in points. */
  minFontSize: z.number().min(2).max(400).default(5),
  lineHeight: z.number().min(0.8).max(3).default(1.15),
  color,
});

export const barcodeSymbologies = ['ean13', 'upca', 'code128', 'code39', 'itf14', 'qr', 'datamatrix', 'gs1-128'] as const;
export type BarcodeSymbology = (typeof barcodeSymbologies)[number];
export const barcodeElement = z
  .object({
    type: z.literal('barcode'),
    ...placement,
    symbology: z.enum(barcodeSymbologies),
    /** The data, usually a binding: {{gtin}}, {{sku}}, {{url}}. GS1-128 takes AIs: (01)…(17)…. */
    value: z.string().max(2000),
    humanReadable: z.boolean().default(true),
  })
  .superRefine((element, ctx) => {
    // a fixed EAN/UPC/ITF value is checked when the template is saved, not first when a label prints
    if (element.value.includes('{{')) return;
    const checked = barcodeDigits(element.symbology, element.value);
    if (!checked.ok) ctx.addIssue({ code: 'custom', path: ['value'], message: checked.reason });
  });

export const imageElement = z.object({
  type: z.literal('image'),
  ...placement,
  /** A PNG data: URI (data:image/png;base64,…), or a binding to a product attribute holding one. */
  src: z
    .string()
    .max(2_000_000)
    .refine(
      (src) => src.includes('{{') || src.startsWith('data:image/png;base64,'),
      'use a PNG data URI (data:image/png;base64,…) or a {{binding}}',
    ),
  fit: z.enum(['contain', 'cover', 'fill']).default('contain'),
});
export const boxElement = z.object({
  type: z.literal('box'),
  ...placement,
  /** Border width in mm; 0 for none. */
  stroke: z.number().min(0).max(20).default(0.3),
  strokeColor: color,
  fill: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'use a hex colour like #1a2b3c')
    .optional(),
  radius: z.number().min(0).max(100).default(0),
});
/** A line from the box's top-left to its bottom-right (a zero-ish height makes it horizontal). */
export const lineElement = z.object({
  type: z.literal('line'),
  ...placement,
  height: mm,
  width: mm,
  stroke: z.number().min(0.05).max(20).default(0.3),
  strokeColor: color,
});

export const templateElement = z.discriminatedUnion('type', [textElement, barcodeElement, imageElement, boxElement, lineElement]);
export type TemplateElement = z.infer<typeof templateElement>;
export type TextElement = z.infer<typeof textElement>;
export type BarcodeElement = z.infer<typeof barcodeElement>;
export type ImageElement = z.infer<typeof imageElement>;
export type BoxElement = z.infer<typeof boxElement>;
export type LineElement = z.infer<typeof lineElement>;

export const template = z.object({
  name: z.string().trim().min(1).max(100),
  width_mm: z.number().positive().max(1000),
  height_mm: z.number().positive().max(1000),
  dpi: z.number().int().min(72).max(1200).default(300),
  /** A stock preset id (see labels/stocks.ts), e.g. avery-l7160 or roll-62x29. */
  stock: z.string().max(100).nullable().default(null),
  /** Locale for {{price}} and {{…:date}} formats, e.g. de-DE. */
  locale: z.string().min(2).max(35).default('en-GB'),
  background: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .default('#ffffff'),
  elements: z.array(templateElement).max(200).default([]),
});
export type Template = z.infer<typeof template>;
export type TemplateInput = z.input<typeof template>;
