/**
 * POST /functions/v1/jobs: start a label_run; GET /functions/v1/jobs/<id>: how it is doing. Called
 * with a workspace API key or a user's access token (verify_jwt is off in config.toml because API
 * keys are not JWTs; authenticate.ts checks both). See README "HTTP API".
 */
import { database } from '../_shared/database.ts';
import { authServerVerifier, userRateLimit } from './authenticate.ts';
import { handleJobs } from './handler.ts';

const supabaseUrl = (Deno.env.get('SUPABASE_URL') ?? '').replace(/\/$/, '');
const deps = {
  sql: database,
  verifyUserToken: authServerVerifier(supabaseUrl, Deno.env.get('SUPABASE_ANON_KEY') ?? ''),
  userRatePerMinute: userRateLimit(Deno.env.get('USER_RATE_LIMIT_PER_MINUTE')),
  functionsUrl: `${supabaseUrl}/functions/v1`,
};

Deno.serve((request) => handleJobs(request, deps));
