import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/** Signs out (ends the session at the Auth server too) and goes back to sign-in. */
export const POST: RequestHandler = async ({ locals }) => {
  await locals.supabase.auth.signOut();
  redirect(303, '/login');
};
