/** The label library: one filtered page of the workspace's labels (as the user), the filter choices and the stocks. */
import { stocks } from '@tagwright/shared';
import { asUser } from '@tagwright/shared/db';
import { parseFilters } from '$lib/labels/label-filter.ts';
import type { StockOption } from '$lib/labels/types.ts';
import { db } from '$lib/server/db.ts';
import { filterChoices, listLabels } from '$lib/server/labels/label-rows.ts';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  const filters = parseFilters(url.searchParams);
  const stockOptions: StockOption[] = stocks.map((s) => ({ id: s.id, name: s.name, kind: s.kind }));
  const { user, workspace } = locals;
  if (!user || !workspace) return { filters, labels: [], total: 0, templates: [], jobs: [], stocks: stockOptions };
  const [page, choices] = await asUser(db(), user.id, (tx) =>
    Promise.all([listLabels(tx, workspace.id, filters), filterChoices(tx, workspace.id)]),
  );
  return { filters, ...page, ...choices, stocks: stockOptions };
};
