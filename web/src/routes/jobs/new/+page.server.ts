/** New job: the workspace's imports, templates, products and stocks to choose from; the action validates with labelRunParams and inserts the job as the user. */
import { fail, redirect } from '@sveltejs/kit';
import { stocks } from '@tagwright/shared';
import { asUser } from '@tagwright/shared/db';
import { paramsFromForm, validateParams } from '$lib/jobs/new-job-form.ts';
import { db } from '$lib/server/db.ts';
import { createLabelRun, JobRequestError } from '$lib/server/jobs/create-job.ts';
import { latestImports, searchProducts, workspaceTemplates } from '$lib/server/jobs/new-job-choices.ts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const stockOptions = stocks.map((s) => ({ id: s.id, name: s.name, kind: s.kind }));
  const workspace = locals.workspace;
  if (!locals.user || !workspace)
    return { imports: [], templates: [], products: { products: [], total: 0 }, stocks: stockOptions, preselectImport: null };
  const [imports, templates, products] = await asUser(db(), locals.user.id, (tx) =>
    Promise.all([latestImports(tx, workspace.id), workspaceTemplates(tx, workspace.id), searchProducts(tx, workspace.id, '')]),
  );
  const wanted = url.searchParams.get('import');
  return { imports, templates, products, stocks: stockOptions, preselectImport: imports.some((i) => i.id === wanted) ? wanted : null };
};

export const actions: Actions = {
  default: async ({ locals, request }) => {
    if (!locals.user) return fail(401, { errors: { form: 'Your session ended; sign in again.' } });
    const workspace = locals.workspace;
    if (!workspace) return fail(400, { errors: { form: 'You are not in a workspace yet; ask an owner to add you.' } });
    const checked = validateParams(paramsFromForm(await request.formData()));
    if (!checked.ok) return fail(400, { errors: checked.errors });
    const userId = locals.user.id;
    let id: string;
    try {
      id = await asUser(db(), userId, (tx) => createLabelRun(tx, workspace.id, checked.params));
    } catch (error) {
      if (error instanceof JobRequestError) return fail(error.status, { errors: { form: error.message } });
      throw error;
    }
    redirect(303, `/jobs/${id}`);
  },
};
