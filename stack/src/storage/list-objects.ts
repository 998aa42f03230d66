/**
 * POST /object/list/<bucket>: one folder level, as storage-api's search() answers it — folders as
 * entries with id null, `search` matching the start of a name (case-insensitively), names ordered
 * by lower(name) in byte order, folders first when sorting by a time column, at most 1500 entries.
 */
import { type JwtClaims, type Sql, withClaims } from '@tagwright/shared';
import { invalidRequest } from './storage-error.ts';

export interface ListRequest {
  prefix?: unknown;
  limit?: unknown;
  offset?: unknown;
  search?: unknown;
  sortBy?: { column?: unknown; order?: unknown };
}

interface Entry {
  name: string;
  id: string | null;
  updated_at: string | null;
  created_at: string | null;
  last_accessed_at: string | null;
  metadata: Record<string, unknown> | null;
}

const MAX_LIMIT = 1500;
const SORTABLE = new Set(['name', 'created_at', 'updated_at', 'last_accessed_at']);

export async function listObjects(sql: Sql, claims: JwtClaims, bucketId: string, body: ListRequest): Promise<Entry[]> {
  const rawPrefix = typeof body.prefix === 'string' ? body.prefix : '';
  const prefix = rawPrefix === '' || rawPrefix.endsWith('/') ? rawPrefix : `${rawPrefix}/`;
  const limit = Number(body.limit ?? 100);
  const offset = Number(body.offset ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || !Number.isInteger(offset) || offset < 0)
    throw invalidRequest('limit must be a whole number from 1 and offset 0 or more');
  const column = String(body.sortBy?.column ?? 'name');
  if (!SORTABLE.has(column)) throw invalidRequest(`sortBy.column must be one of ${[...SORTABLE].join(', ')}`);
  const direction = String(body.sortBy?.order ?? 'asc').toLowerCase() === 'desc' ? 'desc' : 'asc';
  const search = typeof body.search === 'string' ? body.search : '';
  // Only whitelisted words reach the SQL text; every value is a parameter.
  const orderBy =
    column === 'name'
      ? `lower(name) collate "C" ${direction}, name collate "C"`
      : `id is not null, case when id is null then lower(name) collate "C" end ${direction}, ${column} ${direction}, name collate "C"`;

  return withClaims(sql, claims, (tx) =>
    tx.unsafe<Entry[]>(
      `with level as (
         select id, updated_at, created_at, last_accessed_at, metadata, substr(name, $3) as rest
         from storage.objects
         where bucket_id = $1 and starts_with(lower(name), $2)
       ), entries as (
         select split_part(rest, '/', 1) as name, null::uuid as id, null::timestamptz as updated_at,
                null::timestamptz as created_at, null::timestamptz as last_accessed_at, null::jsonb as metadata
         from level where strpos(rest, '/') > 0 group by 1
         union all
         select rest, id, updated_at, created_at, last_accessed_at, metadata from level where strpos(rest, '/') = 0
       )
       select * from entries order by ${orderBy} limit $4 offset $5`,
      [bucketId, `${prefix}${search}`.toLowerCase(), [...prefix].length + 1, Math.min(limit, MAX_LIMIT), offset],
    ),
  );
}
