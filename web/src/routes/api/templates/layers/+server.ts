/** POST /api/templates/layers {template, product_id?}: one SVG per element (or its render error) for the designer canvas. */
import { json } from '@sveltejs/kit';
import { previewLayers } from '$lib/server/templates/preview-render.ts';
import { readPreviewRequest } from '$lib/server/templates/preview-request.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, locals }) => {
  const read = await readPreviewRequest(request, locals);
  if ('response' in read) return read.response;
  return json(previewLayers(read.template, read.data), { headers: { 'cache-control': 'no-store' } });
};
