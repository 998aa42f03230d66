/** Reads a designer preview request ({template, product_id?}) and finds the product's data as the user. */

import { json } from '@sveltejs/kit';
import type { LabelData, Template } from '@tagwright/shared';
import { asUser } from '@tagwright/shared/db';
import { db } from '../db.ts';
import { previewData } from './preview-data.ts';
import { checkTemplate } from './preview-render.ts';

export type PreviewRequest = { template: Template; data: LabelData } | { response: Response };

export async function readPreviewRequest(request: Request, locals: App.Locals): Promise<PreviewRequest> {
  const { user, workspace } = locals;
  if (!user) return { response: json({ error: 'Sign in first.' }, { status: 401 }) };
  if (!workspace) return { response: json({ error: 'You are not in a workspace yet.' }, { status: 403 }) };
  let body: { template?: unknown; product_id?: unknown };
  try {
    body = (await request.json()) as typeof body;
  } catch {
    return { response: json({ error: 'Send JSON: {"template": {...}, "product_id": "…"}.' }, { status: 400 }) };
  }
  const checked = checkTemplate(body?.template);
  if (!checked.ok) return { response: json({ error: checked.error, fields: checked.fields }, { status: 400 }) };
  const productId = typeof body.product_id === 'string' && body.product_id !== '' ? body.product_id : null;
  const data = await asUser(db(), user.id, (tx) => previewData(tx, workspace.id, productId));
  return { template: checked.template, data };
}
