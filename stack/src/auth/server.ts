/**
 * Local Supabase Auth at /auth/v1: the endpoints auth-js (supabase-js 2.119) calls for email and
 * password — signup, token (password, refresh_token), user, logout, settings, health and the admin
 * users API — with GoTrue's tables, tokens and error shapes. Every request needs a key of this
 * stack in `apikey`, as Supabase's gateway demands.
 */
import type http from 'node:http';
import { sendJson } from '../gateway/server.ts';
import { AuthError, requestApiKey, verifyToken } from '../jwt.ts';
import type { Service, ServiceContext } from '../services.ts';
import { adminCreateUser, adminDeleteUser, adminGetUser, adminListUsers, adminUpdateUser, requireAdmin } from './admin.ts';
import type { AuthContext } from './auth-context.ts';
import { GoTrueError, notFound, sendGoTrueError } from './auth-error.ts';
import { readJson } from './request-body.ts';
import { signUp } from './signup.ts';
import { grantToken } from './token.ts';
import { getUser, logout, putUser } from './user.ts';

const PREFIX = '/auth/v1';

export async function startAuth(context: ServiceContext): Promise<Service> {
  const ctx: AuthContext = {
    sql: context.sql,
    tokens: {
      secret: context.keys.jwtSecret,
      issuer: `${context.gateway.url}${PREFIX}`,
      expirySeconds: context.config.auth.jwtExpirySeconds,
    },
    config: context.config.auth,
  };
  context.gateway.mount(PREFIX, async (req, res) => {
    try {
      await checkApiKey(ctx.tokens.secret, req);
      await route(ctx, req, res);
    } catch (error) {
      if (error instanceof GoTrueError) return sendGoTrueError(req, res, error);
      throw error;
    }
  });
  return { stop: async () => {} };
}

async function route(ctx: AuthContext, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://local');
  const path = url.pathname.slice(PREFIX.length).replace(/\/+$/, '') || '/';
  const method = req.method ?? 'GET';
  const key = `${method} ${path}`;

  if (key === 'GET /health') return sendJson(res, 200, { version: 'tagwright-local', name: 'GoTrue', description: 'Local Supabase Auth' });
  if (key === 'GET /settings') return sendJson(res, 200, settings(ctx));
  if (key === 'POST /signup') return sendJson(res, 200, await signUp(ctx, await readJson(req)));
  if (key === 'POST /token') return sendJson(res, 200, await grantToken(ctx, url.searchParams.get('grant_type'), await readJson(req)));
  if (key === 'GET /user') return sendJson(res, 200, await getUser(ctx, req));
  if (key === 'PUT /user') return sendJson(res, 200, await putUser(ctx, req, await readJson(req)));
  if (key === 'POST /logout') {
    await logout(ctx, req, url.searchParams.get('scope'));
    res.writeHead(204).end();
    return;
  }
  if (path === '/admin/users' || path.startsWith('/admin/users/')) {
    await requireAdmin(ctx, req);
    const id = path.split('/')[3];
    if (!id && method === 'GET') return sendJson(res, 200, await adminListUsers(ctx, url.searchParams, res));
    if (!id && method === 'POST') return sendJson(res, 200, await adminCreateUser(ctx, await readJson(req)));
    if (id && method === 'GET') return sendJson(res, 200, await adminGetUser(ctx, decodeURIComponent(id)));
    if (id && method === 'PUT') return sendJson(res, 200, await adminUpdateUser(ctx, decodeURIComponent(id), await readJson(req)));
    if (id && method === 'DELETE') return sendJson(res, 200, await adminDeleteUser(ctx, decodeURIComponent(id), await readJson(req)));
  }
  throw notFound('not_found', `${method} ${PREFIX}${path} is not served by the local Auth server (it serves email and password sign-in)`);
}

/** What auth-js and dashboards read from /settings: email on, everything else off, mail auto-confirmed. */
function settings(ctx: AuthContext) {
  return {
    external: { email: true, phone: false, anonymous_users: false },
    disable_signup: !ctx.config.enableSignup,
    mailer_autoconfirm: true,
    phone_autoconfirm: false,
    sms_provider: '',
    saml_enabled: false,
  };
}

/** Supabase's gateway refuses requests without one of the project's keys before Auth sees them. */
async function checkApiKey(secret: string, req: http.IncomingMessage): Promise<void> {
  const apikey = requestApiKey(req);
  if (!apikey)
    throw new GoTrueError(401, 'no_api_key', 'No API key found in request: send the anon or service-role key in the apikey header');
  try {
    const claims = await verifyToken(apikey, secret);
    if (claims.role === 'anon' || claims.role === 'service_role') return;
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
  }
  throw new GoTrueError(
    401,
    'invalid_api_key',
    'Invalid API key: use the anon or service-role key of this stack (see `tagwright stack start`)',
  );
}
