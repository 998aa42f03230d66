/** POST /api/templates/preview {template, product_id?}: the label drawn by the worker's engine as SVG, or 400 {error}. */
import { json } from '@sveltejs/kit';
import { previewSvg } from '$lib/server/templates/preview-render.ts';
import { readPreviewRequest } from '$lib/server/templates/preview-request.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, locals }) => {
  const read = await readPreviewRequest(request, locals);
  if ('response' in read) return read.response;
  const result = previewSvg(read.template, read.data);
  if ('error' in result) return json({ error: result.error }, { status: 400 });
  return new Response(result.svg, { headers: { 'content-type': 'image/svg+xml', 'cache-control': 'no-store' } });
};
