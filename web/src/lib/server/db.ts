/** The server's Postgres client, made once from DATABASE_URL (set by `tagwright start` or your env). */

import { connect, type Sql } from '@tagwright/shared/db';
import { env } from '$env/dynamic/private';

let client: Sql | undefined;

export function db(): Sql {
  if (!env.DATABASE_URL) throw new Error('DATABASE_URL is not set; start the app with `npm start` or set DATABASE_URL.');
  client ??= connect(env.DATABASE_URL, { max: 10 });
  return client;
}
