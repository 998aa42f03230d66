/**
 * Object endpoints: upload (POST, PUT, x-upsert), download, info, remove, move, copy. Rows in
 * storage.objects are written as the caller (RLS decides, as on hosted Supabase); the bytes live
 * in <root>/<bucket>/<key>, moved into place only once the row is written.
 */
import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { type JwtClaims, type Sql, withClaims } from '@tagwright/shared';
import { findBucket } from './buckets.ts';
import { objectFile } from './object-paths.ts';
import { fromPostgres, notFound, StorageError } from './storage-error.ts';
import { mimeAllowed, receiveUpload } from './upload-body.ts';

export interface ObjectRow {
  id: string;
  bucket_id: string;
  name: string;
  owner: string | null;
  metadata: Record<string, unknown> | null;
  created_at: string;
  updated_at: string;
  last_accessed_at: string;
}

export interface StorageContext {
  sql: Sql;
  /** <dataDir>/storage */
  root: string;
  globalLimit: number;
}

export async function uploadObject(
  ctx: StorageContext,
  claims: JwtClaims,
  req: http.IncomingMessage,
  bucketId: string,
  key: string,
  mode: { upsert: boolean; update: boolean },
): Promise<{ Id: string; Key: string }> {
  const bucket = await findBucket(ctx.sql, bucketId);
  const declaredType = req.headers['content-type'] ?? '';
  if (
    !declaredType.toLowerCase().startsWith('multipart/') &&
    !mimeAllowed(declaredType || 'application/octet-stream', bucket.allowed_mime_types)
  )
    throw mimeRefused(declaredType, bucket.allowed_mime_types);
  const limit = Math.min(ctx.globalLimit, bucket.file_size_limit ?? Number.POSITIVE_INFINITY);
  const file = await receiveUpload(req, path.join(ctx.root, '.tmp'), limit);
  try {
    if (!mimeAllowed(file.contentType, bucket.allowed_mime_types)) throw mimeRefused(file.contentType, bucket.allowed_mime_types);
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
      const owner = claims.sub ?? null;
      const [written] = mode.update
        ? await tx<{ id: string }[]>`
            update storage.objects set metadata = ${tx.json(metadata)}, owner = ${owner}, owner_id = ${owner}, updated_at = now()
            where bucket_id = ${bucketId} and name = ${key} returning id`
        : mode.upsert
          ? await tx<{ id: string }[]>`
              insert into storage.objects (bucket_id, name, owner, owner_id, metadata) values (${bucketId}, ${key}, ${owner}, ${owner}, ${tx.json(metadata)})
              on conflict (bucket_id, name) do update set metadata = excluded.metadata, owner = excluded.owner, owner_id = excluded.owner_id, updated_at = now()
              returning id`
          : await tx<{ id: string }[]>`
              insert into storage.objects (bucket_id, name, owner, owner_id, metadata) values (${bucketId}, ${key}, ${owner}, ${owner}, ${tx.json(metadata)})
              returning id`;
      if (!written) throw notFound();
      // Inside the transaction: if the file can't be put in place, the row is rolled back too.
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.rename(file.tempFile, target);
      return written;
    }).catch((error: unknown) => {
      throw error instanceof StorageError ? error : fromPostgres(error);
    });
    return { Id: row.id, Key: `${bucketId}/${key}` };
  } finally {
    await fs.rm(file.tempFile, { force: true });
  }
}

function mimeRefused(type: string, allowed: string[] | null): StorageError {
  return new StorageError(
    415,
    'invalid_mime_type',
    `mime type ${type || '(none)'} is not supported; this bucket takes ${(allowed ?? []).join(', ')}`,
  );
}

/** The caller's view of an object (null when it doesn't exist or RLS hides it). */
export async function findObject(ctx: StorageContext, claims: JwtClaims, bucketId: string, key: string): Promise<ObjectRow> {
  const [row] = await withClaims(
    ctx.sql,
    claims,
    (tx) =>
      tx<
        ObjectRow[]
      >`select id, bucket_id, name, owner, metadata, created_at, updated_at, last_accessed_at from storage.objects where bucket_id = ${bucketId} and name = ${key}`,
  );
  if (!row) throw notFound();
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
    throw new StorageError(404, 'not_found', `Object not found: the row for ${row.bucket_id}/${row.name} exists but its file is gone`);
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
    metadata: {},
    last_modified: meta.lastModified ?? row.updated_at,
    created_at: row.created_at,
  };
}

export async function removeObjects(ctx: StorageContext, claims: JwtClaims, bucketId: string, keys: string[]): Promise<ObjectRow[]> {
  if (keys.length === 0) return [];
  const removed = await withClaims(
    ctx.sql,
    claims,
    (tx) => tx<ObjectRow[]>`
      delete from storage.objects where bucket_id = ${bucketId} and name = any(${keys})
      returning id, bucket_id, name, owner, metadata, created_at, updated_at, last_accessed_at`,
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
    if (!row) throw notFound();
    if (copy)
      await tx`
        insert into storage.objects (bucket_id, name, owner, owner_id, metadata)
        select ${to.bucket}, ${to.key}, ${claims.sub ?? null}, ${claims.sub ?? null}, metadata from storage.objects where id = ${row.id}`;
    else {
      const moved =
        await tx`update storage.objects set bucket_id = ${to.bucket}, name = ${to.key}, updated_at = now() where id = ${row.id} returning id`;
      if (moved.length === 0) throw new StorageError(403, 'Unauthorized', 'You may not move this object (check the storage policies)');
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    if (copy) await fs.copyFile(source, target);
    else await fs.rename(source, target);
  }).catch((error: unknown) => {
    throw error instanceof StorageError ? error : fromPostgres(error);
  });
  return copy ? { Key: `${to.bucket}/${to.key}` } : { message: 'Successfully moved' };
}
