/** SQL on public.labels for the library, always inside asUser so RLS decides: a filtered page, the filter choices, rows by id. */
import type { TransactionSql } from '@tagwright/shared/db';
import { type LabelFilters, PAGE_SIZE } from '../../labels/label-filter.ts';
import type { JobOption, LabelPage, LabelRow, TemplateOption } from '../../labels/types.ts';

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** One page of the workspace's labels matching the filters, newest first, and how many match in all. */
export async function listLabels(tx: TransactionSql, workspaceId: string, f: LabelFilters, pageSize = PAGE_SIZE): Promise<LabelPage> {
  const where = tx`
    l.workspace_id = ${workspaceId}
    ${f.job ? tx`and l.job_id = ${f.job}` : tx``}
    ${f.template ? tx`and l.template_id = ${f.template}` : tx``}
    ${f.verified ? tx`and l.verified = ${f.verified === 'yes'}` : tx``}
    ${f.from ? tx`and l.created_at >= (${f.from}::date)::timestamp at time zone 'UTC'` : tx``}
    ${f.to ? tx`and l.created_at < (${f.to}::date + 1)::timestamp at time zone 'UTC'` : tx``}
    ${f.q ? tx`and (l.data->>'sku' ilike ${likePattern(f.q)} or l.data->>'name' ilike ${likePattern(f.q)})` : tx``}`;
  const [labels, [count]] = await Promise.all([
    tx<LabelRow[]>`
      select l.id, l.job_id, l.product_id, l.template_id, l.png_url, l.pdf_url, l.data, l.verified, l.unverified, l.created_at, l.updated_at
      from public.labels l where ${where}
      order by l.created_at desc, l.id desc
      limit ${pageSize} offset ${(f.page - 1) * pageSize}`,
    tx<{ total: number }[]>`select count(*)::int as total from public.labels l where ${where}`,
  ]);
  return { labels, total: count?.total ?? 0 };
}

/** Templates and the (latest 200) jobs that have labels, for the filter selects. */
export async function filterChoices(tx: TransactionSql, workspaceId: string): Promise<{ templates: TemplateOption[]; jobs: JobOption[] }> {
  const [templates, jobs] = await Promise.all([
    tx<TemplateOption[]>`select id, name, stock from public.templates where workspace_id = ${workspaceId} order by name`,
    tx<JobOption[]>`
      select l.job_id as id, j.created_at, count(*)::int as labels
      from public.labels l join public.jobs j on j.id = l.job_id
      where l.workspace_id = ${workspaceId}
      group by l.job_id, j.created_at order by j.created_at desc limit 200`,
  ]);
  return { templates, jobs };
}

export interface PrintableLabel {
  id: string;
  job_id: string;
  template_id: string | null;
  data: Record<string, unknown>;
  unverified: string[];
  png_path: string | null;
  pdf_path: string | null;
  created_at: string;
  /** The job's label policy: with mark_unverified the stored files carry the "NOT VERIFIED" note. */
  policy: string | null;
}

/** The labels with these ids the user may read, in the order asked. */
export async function labelsByIds(tx: TransactionSql, ids: string[]): Promise<PrintableLabel[]> {
  const rows = await tx<PrintableLabel[]>`
    select l.id, l.job_id, l.template_id, l.data, l.unverified, l.png_path, l.pdf_path, l.created_at, j.params->>'policy' as policy
    from public.labels l join public.jobs j on j.id = l.job_id
    where l.id = any(${ids}::uuid[])`;
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}
