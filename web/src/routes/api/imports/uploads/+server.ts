/** POST the raw file (body = the file, header x-file-name): streamed to a temp file, answered with the mapping preview. */
import { json } from '@sveltejs/kit';
import { previewSheet } from '$lib/server/imports/sheet-preview.ts';
import { saveUpload, UploadError } from '$lib/server/imports/uploads.ts';
import { workbookSheets } from '$lib/server/imports/workbook-sheets.ts';
import type { RequestHandler } from './$types';
import { previewOrError } from './preview-or-error.ts';

export const POST: RequestHandler = async ({ locals, request }) => {
  const { user, workspace } = locals;
  if (!user || !workspace) return json({ error: 'Pick a workspace first.' }, { status: 400 });
  if (workspace.role === 'viewer')
    return json({ error: 'You can view this workspace but not import into it; ask an owner to make you an editor.' }, { status: 403 });
  const length = request.headers.get('content-length');
  let fileName = request.headers.get('x-file-name') ?? 'upload';
  try {
    fileName = decodeURIComponent(fileName);
  } catch {}
  try {
    const upload = await saveUpload(request.body, {
      fileName,
      declaredSize: length === null ? null : Number(length),
      userId: user.id,
      workspaceId: workspace.id,
    });
    const preview = await previewOrError(() => previewSheet(upload.file), await workbookSheets(upload.file));
    return json({ upload: upload.id, fileName: upload.fileName, size: upload.size, preview }, { status: 201 });
  } catch (e) {
    if (e instanceof UploadError) return json({ error: e.message }, { status: e.status });
    throw e;
  }
};
