/** GET /api/health: 200 with {ok, db, schema} when the database answers and is migrated, else 503. */
import { json } from '@sveltejs/kit';
import { checkHealth } from '$lib/server/health.ts';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
  const health = await checkHealth();
  return json(health, { status: health.ok ? 200 : 503, headers: { 'cache-control': 'no-store' } });
};
