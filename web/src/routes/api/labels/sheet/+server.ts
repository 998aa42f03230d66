/** POST {ids, stock?, offset_x_mm?, offset_y_mm?, skip?}: the labels re-laid out from their stored data on a sheet PDF, streamed. */
import { PassThrough, Readable } from 'node:stream';
import { json } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { labelIds } from '$lib/server/labels/label-ids.ts';
import { labelsByIds } from '$lib/server/labels/label-rows.ts';
import { printTemplates } from '$lib/server/labels/print-templates.ts';
import { planSheet, type SheetRequest, SheetRequestError, writePlannedSheet } from '$lib/server/labels/sheet-pdf.ts';
import type { RequestHandler } from './$types';

const num = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : Number(v));

export const POST: RequestHandler = async ({ locals, request }) => {
  if (!locals.user) return json({ error: 'Sign in first.' }, { status: 401 });
  const body = (await request.json().catch(() => null)) as Record<string, unknown> | null;
  const ids = labelIds(body?.ids);
  if (typeof ids === 'string') return json({ error: ids }, { status: 400 });
  const options: SheetRequest = {
    stock: typeof body?.stock === 'string' ? body.stock : null,
    offset_x_mm: num(body?.offset_x_mm),
    offset_y_mm: num(body?.offset_y_mm),
    skip: num(body?.skip),
  };
  let plan: ReturnType<typeof planSheet>;
  try {
    plan = await asUser(db(), (locals.user as { id: string }).id, async (tx) => {
      const labels = await labelsByIds(tx, ids);
      const templates = await printTemplates(tx, [...new Set(labels.flatMap((l) => (l.template_id ? [l.template_id] : [])))]);
      return planSheet(labels, templates, options);
    });
  } catch (error) {
    if (error instanceof SheetRequestError || /Template ".*" is not valid/.test((error as Error).message))
      return json({ error: (error as Error).message }, { status: 400 });
    throw error;
  }
  const out = new PassThrough();
  // a failure mid-stream breaks the download rather than handing out a half sheet as whole
  writePlannedSheet(plan, options, out).catch((error: Error) => out.destroy(error));
  return new Response(Readable.toWeb(out) as ReadableStream, {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `attachment; filename="labels-${plan.stock.id}.pdf"`,
      'cache-control': 'no-store',
    },
  });
};
