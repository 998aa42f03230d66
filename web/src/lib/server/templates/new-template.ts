/** A new template from the "New template" form: a starter (its stock unless another is chosen) or blank on a chosen stock. */
import { starterTemplates, stocks, type Template, template as templateSchema } from '@tagwright/shared';

export interface NewTemplateForm {
  name: string;
  /** "blank" or a starter's index. */
  source: string;
  /** A stock id; empty keeps the starter's. */
  stock: string;
}

export type NewTemplate = { ok: true; template: Template } | { ok: false; fields: Partial<Record<keyof NewTemplateForm, string>> };

export function newTemplate(form: NewTemplateForm): NewTemplate {
  const name = form.name.trim();
  if (name === '') return { ok: false, fields: { name: 'Give the template a name.' } };
  const stock = form.stock ? stocks.find((s) => s.id === form.stock) : undefined;
  if (form.stock && !stock) return { ok: false, fields: { stock: `Unknown stock ${form.stock}; pick one from the list.` } };
  let base: Template;
  if (form.source === 'blank') {
    if (!stock) return { ok: false, fields: { stock: 'Pick the stock you print on: it sets the label size.' } };
    base = templateSchema.parse({ name, width_mm: stock.label.width_mm, height_mm: stock.label.height_mm, stock: stock.id });
  } else {
    const starter = starterTemplates[Number(form.source)];
    if (!/^\d+$/.test(form.source) || !starter) return { ok: false, fields: { source: 'Pick a starter or a blank label.' } };
    base = templateSchema.parse({ ...starter, name });
    if (stock) base = { ...base, stock: stock.id, width_mm: stock.label.width_mm, height_mm: stock.label.height_mm };
  }
  const checked = templateSchema.safeParse(base);
  if (!checked.success) return { ok: false, fields: { name: checked.error.issues[0]?.message ?? 'Not a valid template.' } };
  return { ok: true, template: checked.data };
}
