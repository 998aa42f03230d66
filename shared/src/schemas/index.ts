/** All zod schemas shared by web, worker and functions. */
export * from './job-params.ts';
export * from './template.ts';
