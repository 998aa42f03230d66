/**
 * Evidence rows, each unique per item and key so a resumed item overwrites rather than duplicates:
 * screenshots (captured, then uploaded), OCR results (started, then completed or failed), matches.
 */
import type { Sql } from '@tagwright/shared';
import type { FieldMatch } from '../../match/match-product.ts';

export interface ItemRef {
  workspaceId: string;
  jobId: string;
  itemId: string;
}

export interface CapturedShot {
  name: string;
  kind: 'viewport' | 'full_page' | 'region';
  width: number;
  height: number;
  bytes: number;
  region: Record<string, unknown> | null;
}

export async function saveCapturedScreenshot(sql: Sql, ref: ItemRef, shot: CapturedShot): Promise<string> {
  const [row] = await sql<{ id: string }[]>`
    insert into public.screenshots (workspace_id, job_id, job_item_id, name, kind, width, height, bytes, region)
    values (${ref.workspaceId}, ${ref.jobId}, ${ref.itemId}, ${shot.name}, ${shot.kind}, ${shot.width}, ${shot.height}, ${shot.bytes},
            ${shot.region ? sql.json(shot.region as never) : null})
    on conflict (job_item_id, name) do update set kind = excluded.kind, width = excluded.width, height = excluded.height,
      bytes = excluded.bytes, region = excluded.region, path = null, public_url = null
    returning id`;
  if (!row) throw new Error(`screenshot ${shot.name} was not saved`);
  return row.id;
}

export async function markScreenshotUploaded(sql: Sql, screenshotId: string, stored: { key: string; url: string }): Promise<void> {
  await sql`update public.screenshots set path = ${stored.key}, public_url = ${stored.url} where id = ${screenshotId}`;
}

export async function startOcrResult(sql: Sql, ref: ItemRef, screenshotId: string): Promise<void> {
  await sql`
    insert into public.ocr_results (workspace_id, job_id, screenshot_id, status)
    values (${ref.workspaceId}, ${ref.jobId}, ${screenshotId}, 'started')
    on conflict (screenshot_id) do update set status = 'started', text = null, confidence = null, words = null, error = null, duration_ms = null`;
}

export async function finishOcrResult(
  sql: Sql,
  screenshotId: string,
  result:
    | { ok: true; text: string; confidence: number; words: unknown[]; durationMs: number }
    | { ok: false; error: string; durationMs: number },
): Promise<void> {
  if (result.ok)
    await sql`
      update public.ocr_results set status = 'completed', text = ${result.text}, confidence = ${Math.max(0, Math.min(100, result.confidence))},
        words = ${sql.json(result.words as never)}, duration_ms = ${result.durationMs}
      where screenshot_id = ${screenshotId}`;
  else
    await sql`
      update public.ocr_results set status = 'failed', error = ${result.error.slice(0, 2000)}, duration_ms = ${result.durationMs}
      where screenshot_id = ${screenshotId}`;
}

export async function saveMatches(sql: Sql, ref: ItemRef, matches: FieldMatch[]): Promise<void> {
  if (matches.length === 0) return;
  const rows = matches.map((m) => ({
    workspace_id: ref.workspaceId,
    job_id: ref.jobId,
    job_item_id: ref.itemId,
    field: m.field,
    expected: m.expected,
    found: m.found,
    score: m.score,
    verdict: m.verdict,
    source: m.source,
    evidence: m.evidence,
  }));
  await sql`
    insert into public.matches ${sql(rows as never, 'workspace_id', 'job_id', 'job_item_id', 'field', 'expected', 'found', 'score', 'verdict', 'source', 'evidence')}
    on conflict (job_item_id, field) do update set expected = excluded.expected, found = excluded.found, score = excluded.score,
      verdict = excluded.verdict, source = excluded.source, evidence = excluded.evidence`;
}
