/** The dashboard's numbers, as the user: jobs per status, and per hour of the last 24 h products checked and verdicts. */
import type { TransactionSql } from '@tagwright/shared/db';
import type { DashboardStats, HourBucket } from '../../jobs/types.ts';
import { statusCounts } from './job-rows.ts';

/** 24 hourly buckets ending with the current hour; empty hours are zeros. */
export async function hourlyActivity(tx: TransactionSql, workspaceId: string): Promise<HourBucket[]> {
  return tx<HourBucket[]>`
    with hours as (
      select generate_series(date_trunc('hour', now()) - interval '23 hours', date_trunc('hour', now()), interval '1 hour') as hour
    ), checked as (
      select date_trunc('hour', updated_at) as hour, count(*)::int as n from public.job_items
      where workspace_id = ${workspaceId} and status in ('succeeded', 'failed', 'skipped')
        and updated_at >= date_trunc('hour', now()) - interval '23 hours'
      group by 1
    ), verdicts as (
      select date_trunc('hour', updated_at) as hour,
        (count(*) filter (where verdict = 'match'))::int as match,
        (count(*) filter (where verdict = 'mismatch'))::int as mismatch,
        (count(*) filter (where verdict = 'missing'))::int as missing
      from public.matches
      where workspace_id = ${workspaceId} and updated_at >= date_trunc('hour', now()) - interval '23 hours'
      group by 1
    )
    select to_char(h.hour at time zone 'UTC', 'YYYY-MM-DD"T"HH24:00:00"Z"') as hour, coalesce(c.n, 0) as checked,
      coalesce(v.match, 0) as match, coalesce(v.mismatch, 0) as mismatch, coalesce(v.missing, 0) as missing
    from hours h left join checked c on c.hour = h.hour left join verdicts v on v.hour = h.hour
    order by h.hour`;
}

export async function dashboardStats(tx: TransactionSql, workspaceId: string): Promise<DashboardStats> {
  const [counts, hours] = await Promise.all([statusCounts(tx, workspaceId), hourlyActivity(tx, workspaceId)]);
  return { counts, hours };
}
