/** The designer's data: the template (as the user, 404 when not in this workspace), products to preview with, columns, stocks. */
import { error } from '@sveltejs/kit';
import { stocks } from '@tagwright/shared';
import { asUser } from '@tagwright/shared/db';
import { stockOptions } from '$lib/designer/stock-choice.ts';
import { db } from '$lib/server/db.ts';
import { attributeColumns, productOptions } from '$lib/server/templates/preview-data.ts';
import { getTemplate } from '$lib/server/templates/template-rows.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
  const { user, workspace } = locals;
  if (!user || !workspace) error(404, 'No such template.');
  const [stored, products, columns] = await asUser(db(), user.id, (tx) =>
    Promise.all([getTemplate(tx, workspace.id, params.id), productOptions(tx, workspace.id), attributeColumns(tx, workspace.id)]),
  );
  if (!stored) error(404, 'No such template in this workspace.');
  const { id, updated_at, ...template } = stored;
  return { id, updated_at, template, products, columns, stocks: stockOptions(stocks), readonly: workspace.role === 'viewer' };
};
