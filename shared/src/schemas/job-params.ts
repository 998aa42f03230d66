/** Job params per kind: the single definition the web app, the functions and the worker validate against. */
import { z } from 'zod';

export const checkedFields = ['name', 'price', 'sku', 'gtin'] as const;
export const outputFormats = ['png', 'pdf', 'sheet', 'zpl'] as const;

/** Which products a job covers: explicit ids, SKUs, or everything from one import. */
export const productSelection = z.union([
  z.object({ product_ids: z.array(z.uuid()).min(1).max(10_000) }),
  z.object({ skus: z.array(z.string().trim().min(1).max(100)).min(1).max(10_000) }),
  z.object({ import_id: z.uuid() }),
]);

/** Stop the whole job after this many seconds (any kind; the worker's default applies when unset). */
const timeoutSeconds = z
  .number()
  .int()
  .min(1)
  .max(24 * 3600)
  .optional();

/** Which labels get printed: every one, only those whose page confirmed every checked field, or every one with unconfirmed ones marked. */
export const labelPolicies = ['all', 'verified', 'mark_unverified'] as const;
export type LabelPolicy = (typeof labelPolicies)[number];

/** N-up sheet options: the stock (default: the template's), printer calibration, labels already used on the first sheet. */
export const sheetOptions = z.object({
  stock: z.string().trim().min(1).max(100).optional(),
  offset_x_mm: z.number().min(-20).max(20).default(0),
  offset_y_mm: z.number().min(-20).max(20).default(0),
  skip: z.number().int().min(0).max(500).default(0),
});

export const labelRunOptions = z.object({
  template_id: z.uuid(),
  outputs: z.array(z.enum(outputFormats)).min(1).default(['png', 'pdf']),
  policy: z.enum(labelPolicies).default('mark_unverified'),
  sheet: sheetOptions.default({ offset_x_mm: 0, offset_y_mm: 0, skip: 0 }),
  /** Resolution of the ZPL output (the thermal printer's head). */
  zpl_dpi: z.union([z.literal(203), z.literal(300), z.literal(600)]).default(203),
  checks: z
    .array(z.enum(checkedFields))
    .min(1)
    .default([...checkedFields]),
  timeout_seconds: timeoutSeconds,
  /** Relative price difference still counted as a match (0.005 = 0.5 %). */
  price_tolerance: z.number().min(0).max(0.5).default(0),
});

export const labelRunParams = z.intersection(productSelection, labelRunOptions);
export type LabelRunParams = z.infer<typeof labelRunParams>;

/** A job that only waits (and optionally fails): for tests, benchmarks and checking a deployment. */
export const noopParams = z.object({
  sleep_ms: z.number().int().min(0).max(3_600_000).default(0),
  fail: z.enum(['retryable', 'permanent']).optional(),
  timeout_seconds: timeoutSeconds,
});
export type NoopParams = z.infer<typeof noopParams>;

export const jobParamsByKind = {
  label_run: labelRunParams,
  noop: noopParams,
} as const;
export type JobKind = keyof typeof jobParamsByKind;

/**
 * The top-level fields a kind knows: a label_run inserted by SQL with a misspelt option must not run
 * without it. noop is left open: tests and benchmarks tag its jobs with fields of their own.
 */
const knownFields: Partial<Record<JobKind, ReadonlySet<string>>> = {
  label_run: new Set([...productSelection.options.flatMap((o) => Object.keys(o.shape)), ...Object.keys(labelRunOptions.shape)]),
};

const given = (params: unknown, key: PropertyKey | undefined) =>
  typeof params === 'object' && params !== null && key !== undefined && Object.hasOwn(params, key);

/** One issue as "path: message"; for a failed choice (which products) the branch the caller meant, by the field they gave. */
function describeIssue(issue: z.core.$ZodIssue, params: unknown): string[] {
  if (issue.code === 'invalid_union' && issue.path.length === 0) {
    const meant = issue.errors.flat().filter((inner) => given(params, inner.path[0]));
    if (meant.length > 0) return meant.flatMap((inner) => describeIssue(inner, params));
    return ['(params): choose the products with one of product_ids, skus or import_id'];
  }
  return [`${issue.path.join('.') || '(params)'}: ${issue.message}`];
}

function unknownFields(kind: JobKind, params: unknown): string[] {
  const known = knownFields[kind];
  if (!known || typeof params !== 'object' || params === null || Array.isArray(params)) return [];
  return Object.keys(params)
    .filter((key) => !known.has(key))
    .map((key) => `${key}: unknown field; remove it (known: ${[...known].join(', ')})`);
}

/** Validates params for a kind; the error lists each bad field path, ready for the job's error column. */
export function parseJobParams(kind: string, params: unknown): { ok: true; params: unknown } | { ok: false; error: string } {
  const schema = Object.hasOwn(jobParamsByKind, kind) ? jobParamsByKind[kind as JobKind] : undefined;
  if (!schema) return { ok: false, error: `Unknown job kind "${kind}"; use one of: ${Object.keys(jobParamsByKind).join(', ')}.` };
  const result = schema.safeParse(params);
  const problems = [
    ...(result.success ? [] : result.error.issues.flatMap((issue) => describeIssue(issue, params))),
    ...unknownFields(kind as JobKind, params),
  ];
  if (result.success && problems.length === 0) return { ok: true, params: result.data };
  return { ok: false, error: `Bad params for ${kind} — ${problems.join('; ')}` };
}
