/** Heartbeat: extends the leases of the jobs we hold; returns the ids we still hold (others were lost). */
import type { Sql } from '@tagwright/shared';
import type { JobLock } from './types.ts';

export async function renewLeases(sql: Sql, locks: JobLock[], leaseSeconds: number): Promise<Set<string>> {
  if (locks.length === 0) return new Set();
  const rows = await sql<{ id: string }[]>`
    update public.jobs j
    set lease_until = now() + make_interval(secs => ${leaseSeconds})
    from unnest(${locks.map((l) => l.id)}::uuid[], ${locks.map((l) => l.attempt)}::int[]) as held(id, attempt)
    where j.id = held.id and j.attempts = held.attempt and j.locked_by = ${locks[0]?.workerId ?? ''} and j.status = 'running'
    returning j.id`;
  return new Set(rows.map((r) => r.id));
}
