/** A product row as imports and the API write it (the checks mirror the products table's). */
import { z } from 'zod';
import { checkGtin } from '../product/gtin.ts';

export const productInput = z.object({
  sku: z.string().trim().min(1, 'SKU is empty').max(100, 'SKU is longer than 100 characters'),
  name: z.string().trim().max(500, 'name is longer than 500 characters').default(''),
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
