/**
 * Object endpoints: upload (POST, PUT, x-upsert), download, info, remove, move, copy. Rows in
 * storage.objects are written as the caller (RLS decides, as on hosted Supabase); the bytes live
 * in <root>/<bucket>/<key>, received into a temp file and renamed into place in the row's transaction.
 */
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { type JwtClaims, type Sql, type TransactionSql, withClaims } from '@tagwright/shared';
import { findBucket } from './buckets.ts';
import { objectFile } from './object-paths.ts';
import { fromPostgres, objectNotFound, StorageError } from './storage-error.ts';
import { mimeAllowed, receiveUpload } from './upload-body.ts';

export interface ObjectRow {
  id: string;
  bucket_id: string;
  name: string;
  owner: string | null;
  metadata: Record<string, unknown> | null;
  user_metadata: Record<string, unknown> | null;
  created_at: string;
  updated_at: string;
  last_accessed_at: string;
}

const OBJECT_COLUMNS = 'id, bucket_id, name, owner, metadata, user_metadata, created_at, updated_at, last_accessed_at';

export interface StorageContext {
  sql: Sql;
  /** <dataDir>/storage */
  root: string;
  globalLimit: number;
}

/** insert: a new object (409 if it exists); upsert: new or replaced (x-upsert: true); update: replace an existing one (PUT). */
export type WriteMode = 'insert' | 'upsert' | 'update';

interface ObjectWrite {
  bucketId: string;
  key: string;
  owner: string | null;
  metadata: Record<string, unknown>;
  userMetadata: Record<string, unknown> | null;
}

/** The row write an upload does, as the caller: RLS checks INSERT, or INSERT and UPDATE for upsert, or UPDATE. */
async function writeObjectRow(tx: TransactionSql, mode: WriteMode, o: ObjectWrite): Promise<{ id: string } | undefined> {
  const metadata = tx.json(o.metadata as Parameters<typeof tx.json>[0]);
  const userMetadata = o.userMetadata === null ? null : tx.json(o.userMetadata as Parameters<typeof tx.json>[0]);
  if (mode === 'update') {
    const [row] = await tx<{ id: string }[]>`
      update storage.objects set metadata = ${metadata}, user_metadata = ${userMetadata}, owner = ${o.owner}, owner_id = ${o.owner}, updated_at = now()
      where bucket_id = ${o.bucketId} and name = ${o.key} returning id`;
    return row;
  }
  const [row] =
    mode === 'upsert'
      ? await tx<{ id: string }[]>`
          insert into storage.objects (bucket_id, name, owner, owner_id, metadata, user_metadata)
          values (${o.bucketId}, ${o.key}, ${o.owner}, ${o.owner}, ${metadata}, ${userMetadata})
          on conflict (bucket_id, name) do update set metadata = excluded.metadata, user_metadata = excluded.user_metadata,
            owner = excluded.owner, owner_id = excluded.owner_id, updated_at = now()
          returning id`
      : await tx<{ id: string }[]>`
          insert into storage.objects (bucket_id, name, owner, owner_id, metadata, user_metadata)
          values (${o.bucketId}, ${o.key}, ${o.owner}, ${o.owner}, ${metadata}, ${userMetadata})
          returning id`;
  return row;
}

const rollback = Symbol('rollback');

/**
 * Refuses an upload the caller's policies (or a duplicate) would refuse, before any byte is read:
 * the row write is tried as the caller and rolled back, as hosted Storage's canUpload does.
 */
export async function checkCanUpload(
  ctx: StorageContext,
  claims: JwtClaims,
  bucketId: string,
  key: string,
  mode: WriteMode,
): Promise<void> {
  try {
    await withClaims(ctx.sql, claims, async (tx) => {
      const row = await writeObjectRow(tx, mode, { bucketId, key, owner: claims.sub ?? null, metadata: {}, userMetadata: null });
      if (!row) throw objectNotFound();
      throw rollback;
    });
  } catch (error) {
    if (error !== rollback) throw fromPostgres(error);
  }
}

export async function uploadObject(
  ctx: StorageContext,
  claims: JwtClaims,
  req: http.IncomingMessage,
  bucketId: string,
  key: string,
  mode: WriteMode,
): Promise<{ Id: string; Key: string }> {
  const bucket = await findBucket(ctx.sql, bucketId);
  // service_role passes every policy; a duplicate is still caught by the write itself.
  if (claims.role !== 'service_role') await checkCanUpload(ctx, claims, bucketId, key, mode);
  const limit = Math.min(ctx.globalLimit, bucket.file_size_limit ?? Number.POSITIVE_INFINITY);
  const file = await receiveUpload(req, path.join(ctx.root, '.tmp'), limit, (type) => {
    if (!mimeAllowed(type, bucket.allowed_mime_types)) throw mimeRefused(type, bucket.allowed_mime_types);
  });
  try {
    const metadata = {
      eTag: file.eTag,
      size: file.size,
      mimetype: file.contentType,
      cacheControl: file.cacheControl,
      lastModified: new Date().toISOString(),
      contentLength: file.size,
      httpStatusCode: 200,
    };
    const target = objectFile(ctx.root, bucketId, key);
    const row = await withClaims(ctx.sql, claims, async (tx) => {
      const written = await writeObjectRow(tx, mode, {
        bucketId,
        key,
        owner: claims.sub ?? null,
        metadata,
        userMetadata: file.userMetadata,
      });
      if (!written) throw objectNotFound();
      // Inside the transaction: if the file can't be put in place, the row is rolled back too.
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.rename(file.tempFile, target);
      return written;
    }).catch((error: unknown) => {
      throw fromPostgres(error);
    });
    return { Id: row.id, Key: `${bucketId}/${key}` };
  } finally {
    await fs.rm(file.tempFile, { force: true });
  }
}

function mimeRefused(type: string, allowed: string[] | null): StorageError {
  return new StorageError(
    415,
    'InvalidMimeType',
    `mime type ${type || '(none)'} is not supported; this bucket takes ${(allowed ?? []).join(', ')}`,
    { error: 'invalid_mime_type' },
  );
}

/** The caller's view of an object (null when it doesn't exist or RLS hides it). */
export async function findObject(ctx: StorageContext, claims: JwtClaims, bucketId: string, key: string): Promise<ObjectRow> {
  const [row] = await withClaims(ctx.sql, claims, (tx) =>
    tx.unsafe<ObjectRow[]>(`select ${OBJECT_COLUMNS} from storage.objects where bucket_id = $1 and name = $2`, [bucketId, key]),
  );
  if (!row) throw objectNotFound();
  return row;
}

/** Streams an object's bytes with the headers browsers and storage-js expect. */
export async function sendObject(
  ctx: StorageContext,
  res: http.ServerResponse,
  row: ObjectRow,
  head: boolean,
  download?: string | null,
): Promise<void> {
  const file = objectFile(ctx.root, row.bucket_id, row.name);
  const stat = await fs.stat(file).catch(() => {
    throw new StorageError(404, 'NoSuchKey', `Object not found: the row for ${row.bucket_id}/${row.name} exists but its file is gone`, {
      error: 'not_found',
    });
  });
  const meta = row.metadata ?? {};
  const headers: http.OutgoingHttpHeaders = {
    'content-type': String(meta.mimetype ?? 'application/octet-stream'),
    'content-length': stat.size,
    'cache-control': String(meta.cacheControl ?? 'no-cache'),
    etag: String(meta.eTag ?? ''),
    'last-modified': new Date(row.updated_at).toUTCString(),
  };
  if (download !== undefined && download !== null)
    headers['content-disposition'] = `attachment; filename="${(download || path.posix.basename(row.name)).replace(/["\\\r\n]/g, '_')}"`;
  res.writeHead(200, headers);
  if (head) {
    res.end();
    return;
  }
  await new Promise<void>((resolve, reject) => {
    createReadStream(file).on('error', reject).pipe(res).on('finish', resolve).on('error', reject);
  });
}

/** What storage-js' info() expects (it camel-cases the keys). */
export function objectInfo(row: ObjectRow): Record<string, unknown> {
  const meta = row.metadata ?? {};
  return {
    id: row.id,
    name: row.name,
    bucket_id: row.bucket_id,
    version: null,
    size: meta.size ?? null,
    content_type: meta.mimetype ?? null,
    cache_control: meta.cacheControl ?? null,
    etag: meta.eTag ?? null,
    metadata: row.user_metadata ?? {},
    last_modified: meta.lastModified ?? row.updated_at,
    created_at: row.created_at,
  };
}

export async function removeObjects(ctx: StorageContext, claims: JwtClaims, bucketId: string, keys: string[]): Promise<ObjectRow[]> {
  if (keys.length === 0) return [];
  const removed = await withClaims(ctx.sql, claims, (tx) =>
    tx.unsafe<ObjectRow[]>(`delete from storage.objects where bucket_id = $1 and name = any($2) returning ${OBJECT_COLUMNS}`, [
      bucketId,
      keys,
    ]),
  ).catch((error: unknown) => {
    throw fromPostgres(error);
  });
  await Promise.all(removed.map((row) => fs.rm(objectFile(ctx.root, bucketId, row.name), { force: true })));
  return removed;
}

/** Moves or copies an object (within or across buckets) as the caller. */
export async function relocateObject(
  ctx: StorageContext,
  claims: JwtClaims,
  copy: boolean,
  from: { bucket: string; key: string },
  to: { bucket: string; key: string },
): Promise<{ message: string } | { Key: string }> {
  const target = objectFile(ctx.root, to.bucket, to.key);
  const source = objectFile(ctx.root, from.bucket, from.key);
  await withClaims(ctx.sql, claims, async (tx) => {
    const [row] = await tx<{ id: string }[]>`select id from storage.objects where bucket_id = ${from.bucket} and name = ${from.key}`;
    if (!row) throw objectNotFound();
    if (copy)
      await tx`
        insert into storage.objects (bucket_id, name, owner, owner_id, metadata, user_metadata)
        select ${to.bucket}, ${to.key}, ${claims.sub ?? null}, ${claims.sub ?? null}, metadata, user_metadata from storage.objects where id = ${row.id}`;
    else {
      const moved =
        await tx`update storage.objects set bucket_id = ${to.bucket}, name = ${to.key}, updated_at = now() where id = ${row.id} returning id`;
      if (moved.length === 0)
        throw new StorageError(403, 'AccessDenied', 'You may not move this object (check the storage policies)', { error: 'Unauthorized' });
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    if (copy) await fs.copyFile(source, target);
    else await fs.rename(source, target);
  }).catch((error: unknown) => {
    throw fromPostgres(error);
  });
  return copy ? { Key: `${to.bucket}/${to.key}` } : { message: 'Successfully moved' };
}
