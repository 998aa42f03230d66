/** The templates of labels being printed again, checked against the shared schema (a broken one is named). */
import { type Template, template as templateSchema } from '@tagwright/shared';
import type { TransactionSql } from '@tagwright/shared/db';

export async function printTemplates(tx: TransactionSql, ids: string[]): Promise<Map<string, Template & { id: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await tx<Record<string, unknown>[]>`
    select id, name, width_mm::float8 as width_mm, height_mm::float8 as height_mm, dpi, stock, locale, background, elements
    from public.templates where id = any(${ids}::uuid[])`;
  const templates = new Map<string, Template & { id: string }>();
  for (const row of rows) {
    const parsed = templateSchema.safeParse(row);
    if (!parsed.success)
      throw new Error(
        `Template "${String(row.name)}" is not valid (${parsed.error.issues[0]?.message ?? 'schema'}); fix it in Templates and try again.`,
      );
    templates.set(String(row.id), { ...parsed.data, id: String(row.id) });
  }
  return templates;
}
