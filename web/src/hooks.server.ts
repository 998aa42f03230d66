/**
 * Every request: a Supabase client bound to the request's cookies, the user (validated by the Auth
 * server, never trusted from the cookie alone), their workspaces and the current one. Pages other
 * than sign-in, health and metrics need a user; server code then runs SQL as that user, under RLS.
 * Every response leaves with the security headers and CSP (security-headers.ts).
 */
import { type Handle, redirect } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import { applySecurityHeaders } from '$lib/server/security-headers.ts';
import { serverSupabase } from '$lib/server/supabase.ts';
import { currentWorkspace, workspacesOf } from '$lib/server/workspaces.ts';

const PUBLIC_PATHS = ['/login', '/api/health', '/metrics'];

export const handle: Handle = async ({ event, resolve }) => {
  event.locals.supabase = serverSupabase(event);
  event.locals.user = null;
  event.locals.workspaces = [];
  event.locals.workspace = null;
  const {
    data: { user },
  } = await event.locals.supabase.auth.getUser();
  if (user) {
    event.locals.user = { id: user.id, email: user.email ?? '' };
    event.locals.workspaces = await workspacesOf(user.id);
    event.locals.workspace = currentWorkspace(event.locals.workspaces, event.cookies.get('workspace')) ?? null;
  }
  const path = event.url.pathname;
  if (!event.locals.user && !PUBLIC_PATHS.some((p) => path === p || path.startsWith(`${p}/`))) {
    if (path.startsWith('/api/'))
      return applySecurityHeaders(
        new Response(JSON.stringify({ error: 'Sign in first.' }), { status: 401, headers: { 'content-type': 'application/json' } }),
        env.SUPABASE_URL,
      );
    redirect(303, `/login?next=${encodeURIComponent(path + event.url.search)}`);
  }
  const response = await resolve(event, {
    filterSerializedResponseHeaders: (name) => name === 'content-range' || name === 'x-supabase-api-version',
  });
  return applySecurityHeaders(response, env.SUPABASE_URL);
};
