/** A product row as imports and the API write it (the checks mirror the products table's). */
import { z } from 'zod';
import { checkGtin } from '../product/gtin.ts';

const codePoint = (ch: string) => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/** Refuses characters matching `pattern` (Postgres can't store NUL; an invisible one makes two SKUs look the same). */
const without = (pattern: RegExp, what: string) => (value: string, ctx: z.RefinementCtx) => {
  const found = pattern.exec(value)?.[0];
  if (found !== undefined) ctx.addIssue({ code: 'custom', message: `${what} ${codePoint(found)}; remove it and import again` });
};

export const productInput = z.object({
  sku: z
    .string()
    .trim()
    .min(1, 'SKU is empty')
    .max(100, 'SKU is longer than 100 characters')
    .superRefine(without(/[\p{Cc}\p{Cf}]/u, 'SKU has an invisible character')),
  name: z
    .string()
    .trim()
    .max(500, 'name is longer than 500 characters')
    .superRefine(without(/(?![\t\n\r])\p{Cc}/u, 'name has a control character'))
    .default(''),
  /** Exact decimal as text ("12.99"). */
  price: z
    .string()
    .regex(/^\d{1,10}(\.\d{1,4})?$/, 'price must be a number ≥ 0 with at most 4 decimals')
    .nullable()
    .default(null),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'currency must be an ISO 4217 code like EUR')
    .nullable()
    .default(null),
  gtin: z
    .string()
    .nullable()
    .default(null)
    .superRefine((value, ctx) => {
      if (value === null) return;
      const check = checkGtin(value);
      if (!check.ok) ctx.addIssue({ code: 'custom', message: `GTIN ${check.reason}` });
    }),
  url: z
    .string()
    .regex(/^https?:\/\/\S+$/i, 'URL must start with http:// or https://')
    .max(2000)
    .nullable()
    .default(null),
  attributes: z.record(z.string(), z.unknown()).default({}),
});
export type ProductInput = z.infer<typeof productInput>;
