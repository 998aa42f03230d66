/** Spreadsheet import: read .xlsx/.csv, map columns, check rows, upsert products, track the imports row. */
export { PRODUCT_FIELDS, suggestColumnMap } from './column-map.ts';
export { ImportError } from './import-error.ts';
export { type ImportOptions, type ImportSummary, importProducts } from './import-products.ts';
