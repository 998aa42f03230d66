/**
 * Local Supabase Storage at /storage/v1: the endpoints storage-js (supabase-js 2.119) calls, with
 * objects on disk under <dataDir>/storage and their rows in storage.objects. Every request but
 * public downloads and signed URLs needs a key of this stack; what a user may do is decided by the
 * RLS policies on storage.buckets and storage.objects, run as that user.
 */
import type http from 'node:http';
import path from 'node:path';
import type { JwtClaims } from '@tagwright/shared';
import { sendJson } from '../gateway/server.ts';
import { AuthError, requestClaims } from '../jwt.ts';
import type { Service, ServiceContext } from '../services.ts';
import { createBucket, deleteBucket, emptyBucket, findBucket, getBucket, listBuckets, updateBucket } from './buckets.ts';
import { type ListRequest, listObjects } from './list-objects.ts';
import { checkBucketId, checkObjectKey, decodeBucketId, splitBucketPath } from './object-paths.ts';
import {
  checkCanUpload,
  findObject,
  objectInfo,
  relocateObject,
  removeObjects,
  type StorageContext,
  sendObject,
  uploadObject,
} from './objects.ts';
import { SIGNED_UPLOAD_SECONDS, signObjectUrl, verifySignedUrl } from './signed-urls.ts';
import { invalidRequest, objectNotFound, StorageError, sendStorageError } from './storage-error.ts';

const PREFIX = '/storage/v1';
/** The stack's own rights, for what needs no caller: public and signed downloads, signed uploads. */
const SUPERUSER: JwtClaims = { role: 'service_role' };

export async function startStorage(context: ServiceContext): Promise<Service> {
  const ctx: StorageContext = {
    sql: context.sql,
    root: path.join(context.dataDir, 'storage'),
    globalLimit: context.config.storage.fileSizeLimitBytes,
  };
  const secret = context.keys.jwtSecret;
  context.gateway.mount(PREFIX, async (req, res) => {
    try {
      await route(ctx, secret, req, res);
    } catch (error) {
      if (error instanceof StorageError) return sendStorageError(res, error);
      if (error instanceof AuthError)
        return sendStorageError(res, new StorageError(401, 'InvalidJWT', error.message, { error: 'Unauthorized' }));
      throw error;
    }
  });
  return { stop: async () => {} };
}

async function route(ctx: StorageContext, secret: string, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  // The raw path, not URL-normalised: "a/../b" must be refused, not quietly resolved.
  const [rawPath = '', query = ''] = (req.url ?? '').split('?', 2);
  const rest = rawPath.slice(PREFIX.length);
  const params = new URLSearchParams(query);
  const method = req.method ?? 'GET';
  const read = method === 'GET' || method === 'HEAD';

  // What needs no key: public buckets, and signed URLs (their token is the permission).
  if (read && rest.startsWith('/object/public/')) {
    const { bucket, key } = splitBucketPath(rest.slice('/object/public/'.length));
    // Hosted answers a private bucket's public URL like this (HTTP 400, "404" in the body).
    if (!(await findBucket(ctx.sql, bucket)).public)
      throw new StorageError(404, 'NoSuchBucket', 'Bucket not found', { error: 'Bucket not found', httpStatus: 400 });
    return sendObject(ctx, res, await findObject(ctx, SUPERUSER, bucket, key), method === 'HEAD', params.get('download'));
  }
  if (read && rest.startsWith('/object/sign/')) {
    const { bucket, key } = splitBucketPath(rest.slice('/object/sign/'.length));
    await verifySignedUrl(secret, 'download', bucket, key, params.get('token'));
    return sendObject(ctx, res, await findObject(ctx, SUPERUSER, bucket, key), method === 'HEAD', params.get('download'));
  }
  if (method === 'PUT' && rest.startsWith('/object/upload/sign/')) {
    const { bucket, key } = splitBucketPath(rest.slice('/object/upload/sign/'.length));
    const token = await verifySignedUrl(secret, 'upload', bucket, key, params.get('token'));
    // As hosted: written with the stack's rights (the policies were checked when the URL was signed), owned by its signer.
    const claims: JwtClaims = token.owner ? { ...SUPERUSER, sub: token.owner } : SUPERUSER;
    return sendJson(res, 200, await uploadObject(ctx, claims, req, bucket, key, token.upsert ? 'upsert' : 'insert'));
  }

  const claims = await requestClaims(req, secret);
  // Empty segments are kept: "a//b" is an invalid key, not "a/b".
  const segments = rest.split('/').slice(1);

  if (segments[0] === 'bucket') {
    const id = segments[1] ? decodeBucketId(segments[1]) : undefined;
    if (!id && method === 'GET') return sendJson(res, 200, await listBuckets(ctx.sql, claims));
    if (!id && method === 'POST') return sendJson(res, 200, await createBucket(ctx.sql, claims, await readJson(req)));
    if (id && segments.length === 2 && method === 'GET') return sendJson(res, 200, await getBucket(ctx.sql, claims, id));
    if (id && segments.length === 2 && method === 'PUT')
      return sendJson(res, 200, await updateBucket(ctx.sql, claims, id, await readJson(req)));
    if (id && segments.length === 2 && method === 'DELETE') return sendJson(res, 200, await deleteBucket(ctx.sql, claims, ctx.root, id));
    if (id && segments[2] === 'empty' && method === 'POST') return sendJson(res, 200, await emptyBucket(ctx.sql, claims, ctx.root, id));
  }

  if (segments[0] === 'object') {
    const after = (skip: number) => segments.slice(skip).join('/');
    if (method === 'POST' && segments[1] === 'list' && segments[2])
      return sendJson(res, 200, await listObjects(ctx.sql, claims, decodeBucketId(segments[2]), (await readJson(req)) as ListRequest));
    if (method === 'POST' && (segments[1] === 'move' || segments[1] === 'copy') && segments.length === 2) {
      const body = (await readJson(req)) as {
        bucketId?: unknown;
        sourceKey?: unknown;
        destinationKey?: unknown;
        destinationBucket?: unknown;
      };
      const from = { bucket: checkBucketId(String(body.bucketId ?? '')), key: checkObjectKey(String(body.sourceKey ?? '')) };
      const to = {
        bucket: checkBucketId(String(body.destinationBucket ?? body.bucketId ?? '')),
        key: checkObjectKey(String(body.destinationKey ?? '')),
      };
      return sendJson(res, 200, await relocateObject(ctx, claims, segments[1] === 'copy', from, to));
    }
    if (method === 'POST' && segments[1] === 'sign') {
      const body = (await readJson(req)) as { expiresIn?: unknown; paths?: unknown };
      if (segments.length === 3) return sendJson(res, 200, await signMany(ctx, secret, claims, decodeBucketId(segments[2] ?? ''), body));
      const { bucket, key } = splitBucketPath(after(2));
      await findObject(ctx, claims, bucket, key);
      return sendJson(res, 200, { signedURL: (await signObjectUrl(secret, bucket, key, body.expiresIn)).url });
    }
    if (method === 'POST' && segments[1] === 'upload' && segments[2] === 'sign') {
      const { bucket, key } = splitBucketPath(after(3));
      const upsert = isUpsert(req);
      await findBucket(ctx.sql, bucket);
      await checkCanUpload(ctx, claims, bucket, key, upsert ? 'upsert' : 'insert');
      const scope = { scope: 'upload' as const, upsert, ...(claims.sub ? { owner: claims.sub } : {}) };
      return sendJson(res, 200, await signObjectUrl(secret, bucket, key, SIGNED_UPLOAD_SECONDS, scope));
    }
    if (read && segments[1] === 'info') {
      const { bucket, key } = splitBucketPath(after(segments[2] === 'authenticated' || segments[2] === 'public' ? 3 : 2));
      return sendJson(res, 200, objectInfo(await findObject(ctx, claims, bucket, key)));
    }
    if (read) {
      const { bucket, key } = splitBucketPath(after(segments[1] === 'authenticated' ? 2 : 1));
      return sendObject(ctx, res, await findObject(ctx, claims, bucket, key), method === 'HEAD', params.get('download'));
    }
    if (method === 'DELETE' && segments.length === 2) {
      const body = (await readJson(req)) as { prefixes?: unknown };
      if (!Array.isArray(body.prefixes) || !body.prefixes.every((p) => typeof p === 'string'))
        throw invalidRequest('body.prefixes must be a list of object paths');
      return sendJson(res, 200, await removeObjects(ctx, claims, decodeBucketId(segments[1] ?? ''), body.prefixes.map(checkObjectKey)));
    }
    if (method === 'DELETE') {
      const { bucket, key } = splitBucketPath(after(1));
      const removed = await removeObjects(ctx, claims, bucket, [key]);
      if (removed.length === 0) throw objectNotFound();
      return sendJson(res, 200, { message: 'Successfully deleted' });
    }
    if (method === 'POST' || method === 'PUT') {
      const { bucket, key } = splitBucketPath(after(1));
      const mode = method === 'PUT' ? 'update' : isUpsert(req) ? 'upsert' : 'insert';
      return sendJson(res, 200, await uploadObject(ctx, claims, req, bucket, key, mode));
    }
  }
  throw new StorageError(404, 'NotFound', `${method} ${PREFIX}${rest} is not a Storage endpoint`, { error: 'not_found' });
}

const isUpsert = (req: http.IncomingMessage) => String(req.headers['x-upsert'] ?? '').toLowerCase() === 'true';

async function signMany(
  ctx: StorageContext,
  secret: string,
  claims: JwtClaims,
  bucket: string,
  body: { expiresIn?: unknown; paths?: unknown },
) {
  if (!Array.isArray(body.paths)) throw invalidRequest('body.paths must be a list of object paths');
  return Promise.all(
    body.paths.map(async (raw) => {
      const key = String(raw);
      try {
        await findObject(ctx, claims, bucket, checkObjectKey(key));
        return { error: null, path: key, signedURL: (await signObjectUrl(secret, bucket, key, body.expiresIn)).url };
      } catch (error) {
        if (!(error instanceof StorageError)) throw error;
        return { error: 'Either the object does not exist or you do not have access to it', path: key, signedURL: null };
      }
    }),
  );
}

/** A small JSON body (1 MB at most); an empty body is {}. */
async function readJson(req: http.IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) throw new StorageError(413, 'EntityTooLarge', 'The JSON body is over 1 MB', { error: 'Payload too large' });
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return {};
  try {
    const value = JSON.parse(text) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {}
  throw invalidRequest('The body must be a JSON object');
}
