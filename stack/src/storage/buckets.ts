/** Bucket endpoints (/bucket…): list, get, create, update, empty, delete — as the caller, so RLS on storage.buckets decides. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { type JwtClaims, type Sql, withClaims } from '@tagwright/shared';
import { parseSize } from '../project-config.ts';
import { checkBucketId } from './object-paths.ts';
import { bucketNotFound, fromPostgres, invalidRequest, StorageError } from './storage-error.ts';

export interface BucketRow {
  id: string;
  name: string;
  owner: string | null;
  public: boolean;
  file_size_limit: number | null;
  allowed_mime_types: string[] | null;
  created_at: string;
  updated_at: string;
}

const COLUMNS = 'id, name, owner, public, file_size_limit::float8 as file_size_limit, allowed_mime_types, created_at, updated_at';

/** Reads a bucket with the stack's own rights (uploads and public reads need its limits whatever the caller may see). */
export async function findBucket(sql: Sql, id: string): Promise<BucketRow> {
  const [bucket] = await sql.unsafe<BucketRow[]>(`select ${COLUMNS} from storage.buckets where id = $1`, [id]);
  if (!bucket)
    throw new StorageError(404, 'NoSuchBucket', `Bucket not found: "${id}" does not exist; create it first`, { error: 'Bucket not found' });
  return bucket;
}

interface BucketInput {
  id?: unknown;
  name?: unknown;
  public?: unknown;
  file_size_limit?: unknown;
  allowed_mime_types?: unknown;
}

function settings(body: BucketInput) {
  const limit = body.file_size_limit;
  const types = body.allowed_mime_types;
  if (types !== undefined && types !== null && !(Array.isArray(types) && types.every((t) => typeof t === 'string')))
    throw invalidRequest('allowed_mime_types must be a list of MIME types like ["image/png", "image/*"]');
  let size: number | null = null;
  try {
    size = limit === undefined || limit === null || limit === '' ? null : parseSize(limit, 'file_size_limit');
  } catch (error) {
    throw invalidRequest((error as Error).message);
  }
  return { public: body.public === true, file_size_limit: size, allowed_mime_types: (types as string[] | null | undefined) ?? null };
}

export async function listBuckets(sql: Sql, claims: JwtClaims): Promise<BucketRow[]> {
  return withClaims(sql, claims, (tx) => tx.unsafe<BucketRow[]>(`select ${COLUMNS} from storage.buckets order by name`));
}

export async function getBucket(sql: Sql, claims: JwtClaims, id: string): Promise<BucketRow> {
  const [bucket] = await withClaims(sql, claims, (tx) =>
    tx.unsafe<BucketRow[]>(`select ${COLUMNS} from storage.buckets where id = $1`, [id]),
  );
  if (!bucket) throw bucketNotFound();
  return bucket;
}

export async function createBucket(sql: Sql, claims: JwtClaims, body: BucketInput): Promise<{ name: string }> {
  const id = checkBucketId(String(body.id ?? body.name ?? ''));
  const s = settings(body);
  try {
    await withClaims(
      sql,
      claims,
      (tx) => tx`
        insert into storage.buckets (id, name, owner, owner_id, public, file_size_limit, allowed_mime_types)
        values (${id}, ${String(body.name ?? id)}, ${claims.sub ?? null}, ${claims.sub ?? null}, ${s.public}, ${s.file_size_limit}, ${s.allowed_mime_types})`,
    );
  } catch (error) {
    throw fromPostgres(error, 'bucket');
  }
  return { name: id };
}

export async function updateBucket(sql: Sql, claims: JwtClaims, id: string, body: BucketInput): Promise<{ message: string }> {
  const s = settings(body);
  const rows = await withClaims(
    sql,
    claims,
    (tx) => tx`
      update storage.buckets set public = ${s.public}, file_size_limit = ${s.file_size_limit}, allowed_mime_types = ${s.allowed_mime_types}, updated_at = now()
      where id = ${id} returning id`,
  ).catch((error: unknown) => {
    throw fromPostgres(error);
  });
  if (rows.length === 0) throw bucketNotFound();
  return { message: 'Successfully updated' };
}

/** Deletes every object of the bucket the caller may delete, rows and files. */
export async function emptyBucket(sql: Sql, claims: JwtClaims, root: string, id: string): Promise<{ message: string }> {
  await getBucket(sql, claims, id);
  const removed = await withClaims(
    sql,
    claims,
    (tx) => tx<{ name: string }[]>`delete from storage.objects where bucket_id = ${id} returning name`,
  );
  await Promise.all(removed.map((o) => fs.rm(path.join(root, id, o.name), { force: true })));
  return { message: 'Successfully emptied' };
}

export async function deleteBucket(sql: Sql, claims: JwtClaims, root: string, id: string): Promise<{ message: string }> {
  const [{ n } = { n: 0 }] = await sql<{ n: number }[]>`select count(*)::int as n from storage.objects where bucket_id = ${id}`;
  if (n > 0) throw new StorageError(409, 'ResourceNotEmpty', `The bucket you tried to delete is not empty (${n} objects); empty it first`);
  const rows = await withClaims(sql, claims, (tx) => tx`delete from storage.buckets where id = ${id} returning id`).catch(
    (error: unknown) => {
      throw fromPostgres(error);
    },
  );
  if (rows.length === 0) throw bucketNotFound();
  await fs.rm(path.join(root, checkBucketId(id)), { recursive: true, force: true });
  return { message: 'Successfully deleted' };
}
