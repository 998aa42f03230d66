/** All zod schemas shared by web, worker and functions. */
export * from './job-params.ts';
export * from './product.ts';
export * from './template.ts';
export * from './webhook.ts';
