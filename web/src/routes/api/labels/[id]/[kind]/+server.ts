/** GET /api/labels/<id>/png|pdf: one label's file as a download named by its SKU. */

import { error } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { CONTENT_TYPES, labelFileName, storageReader } from '$lib/server/labels/label-files.ts';
import { labelIds } from '$lib/server/labels/label-ids.ts';
import { labelsByIds } from '$lib/server/labels/label-rows.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
  if (!locals.user) error(401, 'Sign in first.');
  const kind = params.kind;
  if (kind !== 'png' && kind !== 'pdf') error(404, 'Labels have png and pdf files.');
  const ids = labelIds([params.id]);
  if (typeof ids === 'string') error(404, 'No such label.');
  const [label] = await asUser(db(), locals.user.id, (tx) => labelsByIds(tx, ids));
  if (!label) error(404, 'No such label in your workspaces.');
  const path = kind === 'png' ? label.png_path : label.pdf_path;
  if (!path) error(404, `This label has no ${kind.toUpperCase()}: its job did not make one.`);
  const data = await storageReader(locals.supabase)(path);
  const name = labelFileName(label, kind);
  const disposition = url.searchParams.has('inline') ? 'inline' : 'attachment';
  return new Response(data as Uint8Array<ArrayBuffer>, {
    headers: {
      'content-type': CONTENT_TYPES[kind],
      'content-disposition': `${disposition}; filename="${name.replace(/[^\x20-\x7e]|"/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      'cache-control': 'private, max-age=3600',
    },
  });
};
