/** GET: the workspace's imports (the list's live snapshot). POST {upload, sheet, map}: start importing an upload. */

import { error, json } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { listImports } from '$lib/server/imports/import-rows.ts';
import { ForbiddenError, startImport } from '$lib/server/imports/start-import.ts';
import { findUpload } from '$lib/server/imports/uploads.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals }) => {
  const { user, workspace } = locals;
  if (!user || !workspace) error(400, 'Pick a workspace first.');
  return json({ imports: await asUser(db(), user.id, (tx) => listImports(tx, workspace.id)) });
};

export const POST: RequestHandler = async ({ locals, request }) => {
  const { user, workspace } = locals;
  if (!user || !workspace) return json({ error: 'Pick a workspace first.' }, { status: 400 });
  const body = (await request.json().catch(() => null)) as { upload?: unknown; sheet?: unknown; map?: unknown } | null;
  if (!body || typeof body.upload !== 'string')
    return json({ error: 'Say which upload to import ({upload, sheet, map}).' }, { status: 400 });
  const upload = await findUpload(body.upload, user.id, workspace.id);
  if (!upload) return json({ error: 'That upload is gone (already imported or expired); upload the file again.' }, { status: 404 });
  const map = typeof body.map === 'string' ? body.map : '';
  if (map && !/^([a-z]+=[A-Z]{1,3})(,[a-z]+=[A-Z]{1,3})*$/.test(map))
    return json({ error: `The mapping "${map}" is not field=COLUMN pairs like sku=A,price=C.` }, { status: 400 });
  try {
    const { id } = await startImport({
      sql: db(),
      userId: user.id,
      upload,
      sheet: typeof body.sheet === 'string' && body.sheet ? body.sheet : null,
      map,
    });
    return json({ id }, { status: 201 });
  } catch (e) {
    if (e instanceof ForbiddenError) return json({ error: e.message }, { status: 403 });
    throw e;
  }
};
