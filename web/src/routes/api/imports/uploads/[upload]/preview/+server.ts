/** GET ?sheet=NAME: the mapping preview of another sheet of an upload. */
import { error, json } from '@sveltejs/kit';
import { previewSheet } from '$lib/server/imports/sheet-preview.ts';
import { findUpload } from '$lib/server/imports/uploads.ts';
import { workbookSheets } from '$lib/server/imports/workbook-sheets.ts';
import { previewOrError } from '../../preview-or-error.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
  const { user, workspace } = locals;
  if (!user || !workspace) error(400, 'Pick a workspace first.');
  const upload = await findUpload(params.upload, user.id, workspace.id);
  if (!upload) return json({ error: 'That upload is gone; upload the file again.' }, { status: 404 });
  const sheet = url.searchParams.get('sheet') ?? undefined;
  const preview = await previewOrError(() => previewSheet(upload.file, sheet), await workbookSheets(upload.file));
  return json({ ...preview, sheet: preview.sheet ?? sheet ?? null });
};
