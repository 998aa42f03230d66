/** POST /api/templates/<id> (JSON template): saves it as the user after the shared schema checks it; 400 {error, fields} when not. */
import { json } from '@sveltejs/kit';
import { asUser } from '@tagwright/shared/db';
import { db } from '$lib/server/db.ts';
import { checkTemplate } from '$lib/server/templates/preview-render.ts';
import { updateTemplate, writeProblem } from '$lib/server/templates/template-rows.ts';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, locals, params }) => {
  const { user, workspace } = locals;
  if (!user) return json({ error: 'Sign in first.' }, { status: 401 });
  if (!workspace) return json({ error: 'You are not in a workspace yet.' }, { status: 403 });
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return json({ error: 'Send the template as JSON.' }, { status: 400 });
  }
  const checked = checkTemplate(body);
  if (!checked.ok) return json({ error: checked.error, fields: checked.fields }, { status: 400 });
  try {
    const updated_at = await asUser(db(), user.id, (tx) => updateTemplate(tx, workspace.id, params.id, checked.template));
    return json({ updated_at, template: checked.template });
  } catch (error) {
    const problem = writeProblem(error, checked.template.name);
    if (problem === undefined) throw error;
    const nameTaken = (error as { code?: string }).code === '23505';
    return json({ error: problem, fields: nameTaken ? { name: problem } : {} }, { status: nameTaken ? 409 : 403 });
  }
};
