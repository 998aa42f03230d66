/** GET /api/templates/<id>/preview.svg: the list's thumbnail, drawn with the workspace's first product (or sample data). */
import { error } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { previewData, SAMPLE_DATA } from '$lib/server/templates/preview-data.ts';
import { checkTemplate, previewSvg } from '$lib/server/templates/preview-render.ts';
import { getTemplate } from '$lib/server/templates/template-rows.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params }) => {
  const { user, workspace } = locals;
  if (!user) error(401, 'Sign in first.');
  if (!workspace) error(404, 'No such template.');
  const [stored, data] = await asUser(db(), user.id, (tx) =>
    Promise.all([getTemplate(tx, workspace.id, params.id), previewData(tx, workspace.id)]),
  );
  if (!stored) error(404, 'No such template in your workspace.');
  const checked = checkTemplate(stored);
  if (!checked.ok) error(422, `This template is not valid: ${checked.error}`);
  let result = previewSvg(checked.template, data);
  // A product the template can't print (e.g. no GTIN) shouldn't leave the list without a picture.
  if ('error' in result) result = previewSvg(checked.template, SAMPLE_DATA);
  if ('error' in result) error(422, result.error);
  return new Response(result.svg, { headers: { 'content-type': 'image/svg+xml', 'cache-control': 'private, max-age=60' } });
};
