/**
 * What POST /functions/v1/jobs accepts: the template (id or name), the products (SKUs already in the
 * workspace and/or whole rows to upsert first), the label_run options of the shared job schema,
 * and optionally the workspace (id or name) and a priority. Every problem is reported with its
 * field path, all at once.
 */
import { z } from 'zod';
import { labelRunOptions } from '../../../shared/src/schemas/job-params.ts';
import { productInput } from '../../../shared/src/schemas/product.ts';
import { fieldPath, invalidRequest } from '../_shared/http.ts';

export const MAX_PRODUCTS = 10_000;

/** "required: …" when the field is missing, else zod's own words about the wrong type. */
const required = (what: string) => (issue: { input: unknown }) => (issue.input === undefined ? `required: ${what}` : undefined);

const sku = z.string().trim().min(1, 'SKU is empty').max(100, 'SKU is longer than 100 characters');

const jobOptions = labelRunOptions.omit({ template_id: true }).strict();

export const jobRequest = z.strictObject({
  workspace: z.string().trim().min(1).max(100).optional(),
  template: z
    .string({ error: required('name the template by id or name') })
    .trim()
    .min(1, 'name a template by id or name')
    .max(200),
  products: z
    .array(z.union([sku, productInput], { error: 'each product is a SKU (text) or an object with at least sku' }), {
      error: required('list the products: SKUs or rows'),
    })
    .min(1, 'list at least one product')
    .max(MAX_PRODUCTS, `at most ${MAX_PRODUCTS} products per job; split them into several jobs`),
  options: jobOptions.default(jobOptions.parse({})),
  priority: z.number().int().min(-1000).max(1000).default(0),
});
export type JobRequest = z.infer<typeof jobRequest>;

export function parseJobRequest(body: unknown): JobRequest {
  const result = jobRequest.safeParse(body);
  if (result.success) return result.data;
  throw invalidRequest(result.error.issues.map((issue) => ({ path: fieldPath(issue.path), message: issue.message })));
}

/** The SKUs of the request, in order, without repeats; and the rows sent inline to upsert first. */
export function splitProducts(products: JobRequest['products']): { skus: string[]; rows: z.infer<typeof productInput>[] } {
  const skus = new Set<string>();
  const rows: z.infer<typeof productInput>[] = [];
  for (const product of products) {
    if (typeof product === 'string') skus.add(product);
    else {
      skus.add(product.sku);
      rows.push(product);
    }
  }
  return { skus: [...skus], rows };
}
