/** Which products a retry covers: every item, only failed ones, or only those with a mismatched field. */
import type { JobItemRow, MatchRow } from './types.ts';

export const RETRY_MODES = ['all', 'failed', 'mismatched'] as const;
export type RetryMode = (typeof RETRY_MODES)[number];

export const isRetryMode = (value: unknown): value is RetryMode => RETRY_MODES.includes(value as RetryMode);

/** The product ids to run again, in the items' order, without duplicates or deleted products. */
export function retryProductIds(
  mode: RetryMode,
  items: Pick<JobItemRow, 'id' | 'product_id' | 'status'>[],
  matches: Pick<MatchRow, 'job_item_id' | 'verdict'>[],
): string[] {
  const mismatched = new Set(matches.filter((m) => m.verdict === 'mismatch').map((m) => m.job_item_id));
  const chosen = items.filter((item) => (mode === 'all' ? true : mode === 'failed' ? item.status === 'failed' : mismatched.has(item.id)));
  return [...new Set(chosen.map((item) => item.product_id).filter((id): id is string => typeof id === 'string'))];
}

/** Params of the new job: the old job's options with the chosen products instead of its selection. */
export function retryParams(params: Record<string, unknown>, productIds: string[]): Record<string, unknown> {
  const { product_ids: _ids, skus: _skus, import_id: _import, ...options } = params;
  return { ...options, product_ids: productIds };
}
