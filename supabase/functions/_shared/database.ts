/**
 * The functions' one Postgres pool, from SUPABASE_DB_URL (set by Supabase for every function, and by
 * the local stack). Uses the repo's shared client, so types parse the same as everywhere else;
 * prepared statements are off because hosted projects may route through a transaction pooler.
 */
import { connect, type Sql } from '../../../shared/src/db.ts';
import { ApiError } from './http.ts';

let pool: Sql | undefined;

export function database(): Sql {
  if (pool) return pool;
  const url = Deno.env.get('SUPABASE_DB_URL');
  if (!url) throw new ApiError(500, 'not_configured', 'SUPABASE_DB_URL is not set for this function; set it as a function secret.');
  pool = connect(url, { max: 4, prepare: false, idle_timeout: 30 });
  return pool;
}
