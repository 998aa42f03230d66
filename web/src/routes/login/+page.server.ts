import { fail, redirect } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
  if (locals.user) redirect(303, '/');
};

/** Only local paths: a sign-in link must not send the user to another site. */
const safeNext = (next: string | null) => (next?.startsWith('/') && !next.startsWith('//') ? next : '/');

export const actions: Actions = {
  default: async ({ request, locals, url }) => {
    const form = await request.formData();
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    if (!email || !password) return fail(400, { email, error: 'Enter your email and password.' });
    const { error } = await locals.supabase.auth.signInWithPassword({ email, password });
    if (error)
      return fail(400, {
        email,
        error: error.code === 'invalid_credentials' ? 'Wrong email or password.' : `Could not sign in: ${error.message}`,
      });
    redirect(303, safeNext(url.searchParams.get('next')));
  },
};
