/** Spreadsheet import: read .xlsx/.csv, map columns, check rows, upsert products, track the imports row. */
export { columnIndex, columnLetter, PRODUCT_FIELDS, suggestColumnMap } from './column-map.ts';
export { chooseHeader, HEADER_SEARCH_ROWS } from './header-row.ts';
export { ImportError } from './import-error.ts';
export { type ImportOptions, type ImportSummary, importProducts } from './import-products.ts';
// the dashboard's mapping preview reads a sheet exactly as the import will
export { readSpreadsheet, type SheetRow } from './read-spreadsheet.ts';
export { xlsxSheetNames } from './xlsx-rows.ts';
export { ZipArchive } from './zip-archive.ts';
