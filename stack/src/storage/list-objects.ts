/** POST /object/list/<bucket>: one folder level at a time, folders as entries with id null, as storage-api's search() answers. */
import { type JwtClaims, type Sql, withClaims } from '@tagwright/shared';
import type { ObjectRow } from './objects.ts';
import { StorageError } from './storage-error.ts';

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

const SORTABLE = new Set(['name', 'created_at', 'updated_at', 'last_accessed_at']);

export async function listObjects(sql: Sql, claims: JwtClaims, bucketId: string, body: ListRequest): Promise<Entry[]> {
  const rawPrefix = typeof body.prefix === 'string' ? body.prefix : '';
  const prefix = rawPrefix === '' || rawPrefix.endsWith('/') ? rawPrefix : `${rawPrefix}/`;
  const limit = Number(body.limit ?? 100);
  const offset = Number(body.offset ?? 0);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000 || !Number.isInteger(offset) || offset < 0)
    throw new StorageError(400, 'InvalidRequest', 'limit must be 1-10000 and offset 0 or more');
  const column = String(body.sortBy?.column ?? 'name');
  if (!SORTABLE.has(column)) throw new StorageError(400, 'InvalidRequest', `sortBy.column must be one of ${[...SORTABLE].join(', ')}`);
  const descending = String(body.sortBy?.order ?? 'asc').toLowerCase() === 'desc';
  const search = typeof body.search === 'string' ? body.search.toLowerCase() : '';

  const rows = await withClaims(
    sql,
    claims,
    (tx) => tx<ObjectRow[]>`
      select id, bucket_id, name, owner, metadata, created_at, updated_at, last_accessed_at from storage.objects
      where bucket_id = ${bucketId} and starts_with(name, ${prefix})`,
  );
  const entries = new Map<string, Entry>();
  for (const row of rows) {
    const rest = row.name.slice(prefix.length);
    const slash = rest.indexOf('/');
    const name = slash === -1 ? rest : rest.slice(0, slash);
    if (search && !name.toLowerCase().includes(search)) continue;
    if (slash !== -1) {
      if (!entries.has(`/${name}`))
        entries.set(`/${name}`, { name, id: null, updated_at: null, created_at: null, last_accessed_at: null, metadata: null });
    } else {
      entries.set(name, {
        name,
        id: row.id,
        updated_at: row.updated_at,
        created_at: row.created_at,
        last_accessed_at: row.last_accessed_at,
        metadata: row.metadata,
      });
    }
  }
  const key = (e: Entry) => String(e[column as keyof Entry] ?? '');
  const sorted = [...entries.values()].sort((a, b) => key(a).localeCompare(key(b)) || a.name.localeCompare(b.name));
  if (descending) sorted.reverse();
  return sorted.slice(offset, offset + limit);
}
