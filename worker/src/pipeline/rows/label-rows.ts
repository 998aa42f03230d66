/**
 * Rows the render stage reads and writes: the job's template, what to print for an item (the
 * product and its field verdicts), the label row (one per item and template, replaced on a rerun),
 * the labels of a job in print order, and the job's combined outputs.
 */
import { type LabelData, type Sql, type Template, template as templateSchema } from '@tagwright/shared';
import { PermanentError } from '../../errors.ts';
import type { StoredObject } from '../../storage/index.ts';

/** The job's template, checked against the shared schema; a bad or missing one fails the job with the reason. */
export async function loadTemplate(sql: Sql, workspaceId: string, templateId: string): Promise<Template & { id: string }> {
  const [row] = await sql<Record<string, unknown>[]>`
    select id, name, width_mm::float8 as width_mm, height_mm::float8 as height_mm, dpi, stock, locale, background, elements
    from public.templates where id = ${templateId} and workspace_id = ${workspaceId}`;
  if (!row) throw new PermanentError(`Template ${templateId} does not exist in this workspace; pick one from Templates.`);
  const parsed = templateSchema.safeParse(row);
  if (!parsed.success)
    throw new PermanentError(
      `Template "${String(row.name)}" is not valid — ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}. Fix it in the designer.`,
    );
  return { ...parsed.data, id: String(row.id) };
}

export interface ItemForLabel {
  data: LabelData;
  productId: string;
  /** Field → verdict from matching; empty when the page could not be checked. */
  verdicts: Record<string, string>;
  itemStatus: string;
  itemError: string | null;
}

export async function itemForLabel(sql: Sql, itemId: string): Promise<ItemForLabel | undefined> {
  const [row] = await sql<
    {
      product_id: string;
      name: string;
      price: string | null;
      currency: string | null;
      sku: string;
      gtin: string | null;
      url: string | null;
      attributes: Record<string, unknown> | null;
      status: string;
      error: string | null;
      verdicts: Record<string, string> | null;
    }[]
  >`
    select p.id as product_id, p.name, p.price::text as price, p.currency, p.sku, p.gtin, p.url, p.attributes, i.status::text, i.error,
      (select jsonb_object_agg(m.field, m.verdict) from public.matches m where m.job_item_id = i.id) as verdicts
    from public.job_items i join public.products p on p.id = i.product_id
    where i.id = ${itemId}`;
  if (!row) return undefined;
  const { product_id, status, error, verdicts, ...data } = row;
  return { data, productId: product_id, verdicts: verdicts ?? {}, itemStatus: status, itemError: error };
}

export interface LabelRow {
  workspaceId: string;
  jobId: string;
  itemId: string;
  productId: string;
  templateId: string;
  data: LabelData;
  verified: boolean;
  unverified: string[];
  /** Where each file was stored (key and URL), when the job asked for it. */
  png?: StoredObject;
  pdf?: StoredObject;
  zpl?: StoredObject;
}

export async function saveLabel(sql: Sql, label: LabelRow): Promise<void> {
  const { today: _today, ...data } = label.data;
  await sql`
    insert into public.labels (workspace_id, job_id, job_item_id, product_id, template_id, png_path, png_url, pdf_path, pdf_url,
      zpl_path, zpl_url, data, verified, unverified)
    values (${label.workspaceId}, ${label.jobId}, ${label.itemId}, ${label.productId}, ${label.templateId},
      ${label.png?.key ?? null}, ${label.png?.url ?? null}, ${label.pdf?.key ?? null}, ${label.pdf?.url ?? null},
      ${label.zpl?.key ?? null}, ${label.zpl?.url ?? null}, ${sql.json(data as never)}, ${label.verified}, ${label.unverified})
    on conflict (job_item_id, template_id) do update set png_path = excluded.png_path, png_url = excluded.png_url,
      pdf_path = excluded.pdf_path, pdf_url = excluded.pdf_url, zpl_path = excluded.zpl_path, zpl_url = excluded.zpl_url,
      data = excluded.data, verified = excluded.verified, unverified = excluded.unverified, updated_at = now()`;
}

/** The Storage keys of an item's label files (PNG, PDF, ZPL), to remove what a new render replaces. */
export async function labelFileKeys(sql: Sql, itemId: string, templateId: string): Promise<string[]> {
  const [row] = await sql<{ keys: string[] }[]>`
    select array_remove(array[png_path, pdf_path, zpl_path], null) as keys
    from public.labels where job_item_id = ${itemId} and template_id = ${templateId}`;
  return row?.keys ?? [];
}

/** Removes an item's label row (a rerun under the "verified" policy no longer prints it). */
export async function removeLabel(sql: Sql, itemId: string, templateId: string): Promise<void> {
  await sql`delete from public.labels where job_item_id = ${itemId} and template_id = ${templateId}`;
}

/** The job's labels in print order (the items' order), a page at a time so 10,000 labels stay cheap. */
export async function* jobLabels(
  sql: Sql,
  jobId: string,
  templateId: string,
): AsyncGenerator<{ data: LabelData; verified: boolean; unverified: string[] }> {
  const cursor = sql<{ data: LabelData; verified: boolean; unverified: string[] }[]>`
    select l.data, l.verified, l.unverified
    from public.labels l join public.job_items i on i.id = l.job_item_id
    where l.job_id = ${jobId} and l.template_id = ${templateId}
    order by i.created_at, i.id`.cursor(500);
  for await (const rows of cursor) yield* rows;
}

export async function countJobLabels(sql: Sql, jobId: string, templateId: string): Promise<number> {
  const [row] = await sql<
    { n: number }[]
  >`select count(*)::int as n from public.labels where job_id = ${jobId} and template_id = ${templateId}`;
  return row?.n ?? 0;
}

export async function saveJobOutputs(sql: Sql, jobId: string, outputs: Record<string, unknown>): Promise<void> {
  await sql`update public.jobs set outputs = ${sql.json(outputs as never)} where id = ${jobId}`;
}
