/** Milliseconds until the next delayed job of these kinds comes due (database clock), or undefined when none waits. */
import type { Sql } from '@tagwright/shared';

export async function nextJobDueInMs(sql: Sql, kinds: string[]): Promise<number | undefined> {
  const [row] = await sql<{ ms: number | null }[]>`select public.next_job_due_in_ms(${kinds}::text[]) as ms`;
  return row?.ms ?? undefined;
}
