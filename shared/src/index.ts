/** @tagwright/shared: contracts used by every part of Tagwright. */
export * from './config.ts';
export type { Database, Enums, Tables, TablesInsert, TablesUpdate } from './database.types.ts';
export * from './db.ts';
export * from './labels/index.ts';
export * from './price/index.ts';
export * from './product/index.ts';
export * from './schemas/index.ts';
