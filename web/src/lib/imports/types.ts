/** Shapes the imports pages and API share: the mapping preview and the imports row. */

export const PRODUCT_FIELD_NAMES = {
  sku: 'SKU',
  name: 'Name',
  price: 'Price',
  currency: 'Currency',
  gtin: 'GTIN / EAN',
  url: 'Product URL',
} as const;
export type ProductFieldName = keyof typeof PRODUCT_FIELD_NAMES;

export interface ColumnPreview {
  letter: string;
  name: string;
}

export interface SheetPreview {
  /** Worksheets of an .xlsx ([] for CSV). */
  sheets: string[];
  sheet: string | null;
  headerRow: number | null;
  columns: ColumnPreview[];
  rows: { number: number; cells: string[] }[];
  /** Field → column letter, as the import would map it. */
  suggested: Partial<Record<ProductFieldName, string>>;
  /** Why the sheet can't be imported as it is (no header, corrupt, encrypted…). */
  error: string | null;
}

export interface UploadResult {
  upload: string;
  fileName: string;
  size: number;
  preview: SheetPreview;
}

export interface RowError {
  row: number;
  column: string;
  message: string;
}

export interface ImportRow {
  id: string;
  file_name: string;
  sheet: string | null;
  status: 'pending' | 'running' | 'succeeded' | 'failed';
  column_map: Record<string, string>;
  total_rows: number;
  imported_rows: number;
  error_rows: number;
  errors: RowError[];
  error: string | null;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  finished_at: string | null;
}
