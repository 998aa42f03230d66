/** Shapes the label library shares between server and page. */

export interface LabelRow {
  id: string;
  job_id: string;
  product_id: string | null;
  template_id: string | null;
  png_url: string | null;
  pdf_url: string | null;
  /** The values printed (sku, name, price, currency, gtin, url, attributes). */
  data: Record<string, unknown>;
  verified: boolean;
  unverified: string[];
  created_at: string;
  updated_at: string;
}

export interface LabelPage {
  labels: LabelRow[];
  total: number;
}

export interface TemplateOption {
  id: string;
  name: string;
  stock: string | null;
}

export interface JobOption {
  id: string;
  created_at: string;
  labels: number;
}

export interface StockOption {
  id: string;
  name: string;
  kind: 'sheet' | 'roll';
}
