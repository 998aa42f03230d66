/** POST {ids}: the labels' PNG and PDF files in a .zip, streamed as each file is read from storage. */
import { Readable } from 'node:stream';
import { json } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { storageReader } from '$lib/server/labels/label-files.ts';
import { labelIds } from '$lib/server/labels/label-ids.ts';
import { labelsByIds } from '$lib/server/labels/label-rows.ts';
import { labelZipFiles } from '$lib/server/labels/label-zip.ts';
import { zipStream } from '$lib/server/labels/zip.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, request }) => {
  if (!locals.user) return json({ error: 'Sign in first.' }, { status: 401 });
  const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
  const ids = labelIds(body?.ids);
  if (typeof ids === 'string') return json({ error: ids }, { status: 400 });
  const labels = await asUser(db(), locals.user.id, (tx) => labelsByIds(tx, ids));
  if (!labels.some((l) => l.png_path || l.pdf_path))
    return json({ error: 'The selected labels have no stored PNG or PDF files (their jobs made other outputs).' }, { status: 400 });
  const stream = Readable.from(zipStream(labelZipFiles(labels, storageReader(locals.supabase))));
  return new Response(Readable.toWeb(stream) as ReadableStream, {
    headers: { 'content-type': 'application/zip', 'content-disposition': 'attachment; filename="labels.zip"', 'cache-control': 'no-store' },
  });
};
