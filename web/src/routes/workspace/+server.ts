import { error, redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Switches the current workspace (only to one the user belongs to). */
export const POST: RequestHandler = async ({ request, locals, cookies }) => {
  const form = await request.formData();
  const id = String(form.get('workspace') ?? '');
  if (!locals.workspaces.some((w) => w.id === id)) error(404, 'No such workspace.');
  cookies.set('workspace', id, { path: '/', httpOnly: true, sameSite: 'lax', maxAge: 60 * 60 * 24 * 365 });
  redirect(303, '/');
};
