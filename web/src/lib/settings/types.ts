/** Rows the settings page shows, as its endpoints send them. */
import type { webhookFormats } from '@tagwright/shared/schemas';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  rate_limit_per_minute: number;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  updated_at: string;
}

export interface WebhookRow {
  id: string;
  url: string;
  format: (typeof webhookFormats)[number];
  events: string[];
  secret: string;
  enabled: boolean;
  created_at: string;
  updated_at: string;
}

export interface DeliveryRow {
  id: string;
  webhook_id: string;
  job_id: string;
  event: string;
  status: string;
  attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface AttemptRow {
  attempt: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  created_at: string;
}
