/** Label templates (first cut): physical size, resolution, stock and the elements drawn on the label. */
import { z } from 'zod';

const mm = z.number().min(0).max(1000);
const placement = { x: mm, y: mm, width: mm.positive(), height: mm.positive(), rotation: z.number().min(-360).max(360).default(0) };

export const textElement = z.object({
  type: z.literal('text'),
  ...placement,
  /** Literal text with bindings like {{name}} or {{price}}. */
  text: z.string().max(2000),
  font: z.string().default('Inter'),
  fontSize: z.number().min(2).max(400).default(10),
  fontWeight: z.enum(['normal', 'bold']).default('normal'),
  align: z.enum(['left', 'center', 'right']).default('left'),
  fit: z.enum(['wrap', 'shrink', 'clip']).default('wrap'),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .default('#000000'),
});

export const barcodeSymbologies = ['ean13', 'upca', 'code128', 'code39', 'itf14', 'qr', 'datamatrix', 'gs1-128'] as const;
export const barcodeElement = z.object({
  type: z.literal('barcode'),
  ...placement,
  symbology: z.enum(barcodeSymbologies),
  value: z.string().max(2000),
  humanReadable: z.boolean().default(true),
});

export const imageElement = z.object({ type: z.literal('image'), ...placement, src: z.string().max(2000) });
export const boxElement = z.object({
  type: z.literal('box'),
  ...placement,
  stroke: z.number().min(0).max(20).default(0.3),
  fill: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/)
    .optional(),
});
export const lineElement = z.object({ type: z.literal('line'), ...placement, stroke: z.number().min(0).max(20).default(0.3) });

export const templateElement = z.discriminatedUnion('type', [textElement, barcodeElement, imageElement, boxElement, lineElement]);
export type TemplateElement = z.infer<typeof templateElement>;

export const template = z.object({
  name: z.string().trim().min(1).max(100),
  width_mm: z.number().positive().max(1000),
  height_mm: z.number().positive().max(1000),
  dpi: z.number().int().min(72).max(1200).default(300),
  stock: z.string().max(100).nullable().default(null),
  elements: z.array(templateElement).max(200).default([]),
});
export type Template = z.infer<typeof template>;
