/** Row shapes the jobs pages share between server and browser (timestamps as Postgres text or ISO). */

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled';
export type JobStage = 'queued' | 'crawling' | 'ocr' | 'matching' | 'rendering' | 'done';
export type ItemStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';
export type Verdict = 'match' | 'mismatch' | 'missing';

/** One file made for the whole job (combined PDF, sheet PDF, ZPL). */
export interface JobOutputFile {
  url?: string;
  path?: string;
  pages?: number;
  labels?: number;
}

export interface JobRow {
  id: string;
  workspace_id: string;
  kind: string;
  status: JobStatus;
  stage: JobStage;
  progress: number;
  params: Record<string, unknown>;
  attempts: number;
  max_attempts: number;
  cancel_requested: boolean;
  error: string | null;
  summary: Record<string, unknown> | null;
  outputs: Record<string, JobOutputFile>;
  started_at: string | null;
  finished_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface JobItemRow {
  id: string;
  job_id: string;
  product_id: string | null;
  url: string;
  status: ItemStatus;
  error: string | null;
  attempts: number;
  http_status: number | null;
  final_url: string | null;
  page_title: string | null;
  created_at: string;
  updated_at: string;
}

export interface ScreenshotRow {
  id: string;
  job_id: string;
  job_item_id: string;
  name: string;
  kind: 'viewport' | 'full_page' | 'region';
  public_url: string | null;
  width: number | null;
  height: number | null;
  region: { x: number; y: number; width: number; height: number } | null;
  created_at: string;
  updated_at: string;
}

export interface OcrRow {
  id: string;
  job_id: string;
  screenshot_id: string;
  status: 'started' | 'completed' | 'failed';
  text: string | null;
  confidence: number | null;
  words: unknown;
  error: string | null;
  duration_ms: number | null;
  created_at: string;
  updated_at: string;
}

export interface MatchRow {
  id: string;
  job_id: string;
  job_item_id: string;
  field: string;
  expected: string | null;
  found: string | null;
  score: number | null;
  verdict: Verdict;
  source: string | null;
  evidence: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface JobLabelRow {
  id: string;
  job_id: string;
  job_item_id: string;
  product_id: string | null;
  png_url: string | null;
  pdf_url: string | null;
  zpl_url: string | null;
  data: Record<string, unknown>;
  verified: boolean;
  unverified: string[];
  created_at: string;
  updated_at: string;
}

export interface JobEventRow {
  id: string | number;
  job_id: string;
  type: string;
  payload: Record<string, unknown>;
  created_at: string;
}

/** Everything the monitor shows for one job, by table (the live snapshot). */
export interface JobSnapshot {
  jobs: JobRow[];
  job_items: JobItemRow[];
  screenshots: ScreenshotRow[];
  ocr_results: OcrRow[];
  matches: MatchRow[];
  labels: JobLabelRow[];
  job_events: JobEventRow[];
}

/** A dashboard row: the job plus what the list says about it. */
export interface JobListRow extends JobRow {
  template_name?: string | null;
}

export type StatusCounts = Record<JobStatus, number>;

/** One hour of the dashboard charts. */
export interface HourBucket {
  hour: string;
  checked: number;
  match: number;
  mismatch: number;
  missing: number;
}

export interface DashboardStats {
  counts: StatusCounts;
  hours: HourBucket[];
}
