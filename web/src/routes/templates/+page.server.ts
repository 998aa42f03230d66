/** The templates list (as the user) and its actions: new from a starter or blank, duplicate, delete. */
import { fail, redirect } from '@sveltejs/kit';
import { starterTemplates, stocks } from '@tagwright/shared';
import { asUser } from '@tagwright/shared/db';
import { stockOptions } from '$lib/designer/stock-choice.ts';
import { db } from '$lib/server/db.ts';
import { newTemplate } from '$lib/server/templates/new-template.ts';
import { createTemplate, deleteTemplate, duplicateTemplate, listTemplates, writeProblem } from '$lib/server/templates/template-rows.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  const starters = starterTemplates.map((s, index) => ({ index, name: s.name, stock: s.stock ?? null }));
  const { user, workspace } = locals;
  if (!user || !workspace) return { templates: [], starters, stocks: stockOptions(stocks), canWrite: false };
  const templates = await asUser(db(), user.id, (tx) => listTemplates(tx, workspace.id));
  return { templates, starters, stocks: stockOptions(stocks), canWrite: workspace.role !== 'viewer' };
};

const text = (form: FormData, key: string) => String(form.get(key) ?? '');

export const actions: Actions = {
  create: async ({ request, locals }) => {
    const { user, workspace } = locals;
    if (!user || !workspace) return fail(401, { action: 'create', error: 'Sign in first.' });
    const form = await request.formData();
    const values = { name: text(form, 'name'), source: text(form, 'source'), stock: text(form, 'stock') };
    const made = newTemplate(values);
    if (!made.ok) return fail(400, { action: 'create', values, fields: made.fields });
    let id: string;
    try {
      id = await asUser(db(), user.id, (tx) => createTemplate(tx, workspace.id, made.template));
    } catch (error) {
      const problem = writeProblem(error, made.template.name);
      if (problem === undefined) throw error;
      return fail(400, { action: 'create', values, fields: { name: problem } });
    }
    redirect(303, `/templates/${id}`);
  },
  duplicate: async ({ request, locals }) => {
    const { user, workspace } = locals;
    if (!user || !workspace) return fail(401, { action: 'duplicate', error: 'Sign in first.' });
    const id = text(await request.formData(), 'id');
    try {
      await asUser(db(), user.id, (tx) => duplicateTemplate(tx, workspace.id, id));
    } catch (error) {
      const problem = writeProblem(error);
      if (problem === undefined) throw error;
      return fail(403, { action: 'duplicate', id, error: problem });
    }
    return { action: 'duplicate', id };
  },
  delete: async ({ request, locals }) => {
    const { user, workspace } = locals;
    if (!user || !workspace) return fail(401, { action: 'delete', error: 'Sign in first.' });
    const id = text(await request.formData(), 'id');
    try {
      await asUser(db(), user.id, (tx) => deleteTemplate(tx, workspace.id, id));
    } catch (error) {
      const problem = writeProblem(error);
      if (problem === undefined) throw error;
      return fail(403, { action: 'delete', id, error: problem });
    }
    return { action: 'delete', id };
  },
};
