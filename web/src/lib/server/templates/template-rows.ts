/** SQL for the templates table, run in the caller's transaction (as the signed-in user, so RLS decides). */
import { type Template, template as templateSchema } from '@tagwright/shared';
import type { TransactionSql } from '@tagwright/shared/db';

export interface TemplateSummary {
  id: string;
  name: string;
  width_mm: number;
  height_mm: number;
  dpi: number;
  stock: string | null;
  elements: number;
  updated_at: string;
}

export type StoredTemplate = Template & { id: string; updated_at: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Whether `id` could be a template id (anything else is a 404, not a database error). */
export const isTemplateId = (id: string) => UUID.test(id);

/** A template that this user can't write: not found, not theirs, or they only view the workspace. */
export class TemplateWriteError extends Error {}

export async function listTemplates(tx: TransactionSql, workspaceId: string): Promise<TemplateSummary[]> {
  return tx<TemplateSummary[]>`
    select id, name, width_mm::float8 as width_mm, height_mm::float8 as height_mm, dpi, stock,
      jsonb_array_length(elements) as elements, updated_at::text as updated_at
    from public.templates where workspace_id = ${workspaceId} order by lower(name), id`;
}

/** One template of the workspace, parsed with the shared schema (defaults filled), or undefined. */
export async function getTemplate(tx: TransactionSql, workspaceId: string, id: string): Promise<StoredTemplate | undefined> {
  if (!isTemplateId(id)) return undefined;
  const [row] = await tx<Record<string, unknown>[]>`
    select id, name, width_mm::float8 as width_mm, height_mm::float8 as height_mm, dpi, stock, locale, background, elements,
      updated_at::text as updated_at
    from public.templates where id = ${id} and workspace_id = ${workspaceId}`;
  if (!row) return undefined;
  const parsed = templateSchema.safeParse(row);
  // A stored template the schema rejects still opens, so it can be fixed; elements that don't parse are kept raw.
  const data = parsed.success ? parsed.data : (row as unknown as Template);
  return { ...data, id: String(row.id), updated_at: String(row.updated_at) };
}

/** Inserts a template; a duplicate name or a viewer's insert rejects (see `writeProblem`). */
export async function createTemplate(tx: TransactionSql, workspaceId: string, t: Template): Promise<string> {
  const [row] = await tx<{ id: string }[]>`
    insert into public.templates (workspace_id, name, width_mm, height_mm, dpi, stock, locale, background, elements)
    values (${workspaceId}, ${t.name}, ${t.width_mm}, ${t.height_mm}, ${t.dpi}, ${t.stock}, ${t.locale}, ${t.background},
      ${tx.json(t.elements as never)})
    returning id`;
  if (!row) throw new TemplateWriteError('The template was not created.');
  return row.id;
}

/** Replaces a template's content; returns the new updated_at. */
export async function updateTemplate(tx: TransactionSql, workspaceId: string, id: string, t: Template): Promise<string> {
  if (!isTemplateId(id)) throw new TemplateWriteError('No such template.');
  const [row] = await tx<{ updated_at: string }[]>`
    update public.templates set name = ${t.name}, width_mm = ${t.width_mm}, height_mm = ${t.height_mm}, dpi = ${t.dpi},
      stock = ${t.stock}, locale = ${t.locale}, background = ${t.background}, elements = ${tx.json(t.elements as never)}
    where id = ${id} and workspace_id = ${workspaceId}
    returning updated_at::text as updated_at`;
  if (!row) throw new TemplateWriteError('This template is not in your workspace, or you can only view it.');
  return row.updated_at;
}

export async function deleteTemplate(tx: TransactionSql, workspaceId: string, id: string): Promise<void> {
  if (!isTemplateId(id)) throw new TemplateWriteError('No such template.');
  const rows = await tx`delete from public.templates where id = ${id} and workspace_id = ${workspaceId} returning id`;
  if (rows.length === 0) throw new TemplateWriteError('This template is not in your workspace, or you can only view it.');
}

/** The first free name like "Shelf tag copy", "Shelf tag copy 2"… */
export async function freeCopyName(tx: TransactionSql, workspaceId: string, name: string): Promise<string> {
  const base = `${name.slice(0, 90)} copy`;
  const rows = await tx<{ name: string }[]>`
    select name from public.templates where workspace_id = ${workspaceId} and (name = ${base} or name like ${`${base.replace(/[\\%_]/g, '\\$&')} %`})`;
  const taken = new Set(rows.map((r) => r.name));
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base} ${n}`)) return `${base} ${n}`;
}

/** Copies a template under a free name; returns the copy's id. */
export async function duplicateTemplate(tx: TransactionSql, workspaceId: string, id: string): Promise<string> {
  const original = await getTemplate(tx, workspaceId, id);
  if (!original) throw new TemplateWriteError('No such template in your workspace.');
  const { id: _id, updated_at: _at, ...content } = original;
  return createTemplate(tx, workspaceId, { ...content, name: await freeCopyName(tx, workspaceId, original.name) });
}

/** What to tell the user when Postgres refused a write, or undefined for an unexpected failure. */
export function writeProblem(error: unknown, name?: string): string | undefined {
  if (error instanceof TemplateWriteError) return error.message;
  const code = (error as { code?: string }).code;
  if (code === '23505') return `A template named “${name ?? ''}” already exists in this workspace; choose another name.`;
  if (code === '42501') return 'You can only view this workspace; ask an owner to make you an editor.';
  return undefined;
}
