/**
 * The worker's spreadsheet reader, reached past its package index (which exports only the import
 * itself): the mapping preview must read exactly as the import will. Export these from
 * @tagwright/worker/import and point this file there.
 */

export { columnIndex, columnLetter } from '../../../../../worker/src/import/column-map.ts';
export { chooseHeader, HEADER_SEARCH_ROWS } from '../../../../../worker/src/import/header-row.ts';
export { readSpreadsheet, type SheetRow } from '../../../../../worker/src/import/read-spreadsheet.ts';
export { ZipArchive } from '../../../../../worker/src/import/zip-archive.ts';
