/**
 * Object keys and where their bytes live on disk. A key is a relative path of plain segments: no
 * `..`, `.`, empty segments, backslashes or control characters (also after URL-decoding), so no
 * request can reach outside its bucket's folder.
 */
import path from 'node:path';
import { StorageError } from './storage-error.ts';

const BUCKET_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

export function checkBucketId(id: string): string {
  if (!BUCKET_ID.test(id) || id.includes('..'))
    throw new StorageError(400, 'InvalidBucketName', `Bucket name "${id}" is invalid: use letters, digits, ".", "_" and "-" (up to 63)`, {
      error: 'Invalid Input',
    });
  return id;
}

/** A URL path segment decoded; bad escapes are the caller's mistake (400), not ours. */
function decodePathPart(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new StorageError(400, 'InvalidKey', `Invalid key: ${raw} is not valid URL encoding`);
  }
}

/** A bucket id taken from a URL path, decoded and checked. */
export function decodeBucketId(raw: string): string {
  return checkBucketId(decodePathPart(raw));
}

/** A key taken from a URL path, decoded and checked. */
export function decodeObjectKey(raw: string): string {
  return checkObjectKey(decodePathPart(raw));
}

export function checkObjectKey(key: string): string {
  const bad =
    key === '' ||
    key.length > 1024 ||
    key.startsWith('/') ||
    key.includes('\\') ||
    [...key].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f) ||
    key.split('/').some((part) => part === '' || part === '.' || part === '..');
  if (bad)
    throw new StorageError(
      400,
      'InvalidKey',
      `Invalid key: "${key}"; use a relative path like folder/file.png without "..", "//" or backslashes`,
    );
  return key;
}

/** The file holding an object; throws if it would resolve outside the bucket's folder. */
export function objectFile(root: string, bucket: string, key: string): string {
  const bucketDir = path.join(root, checkBucketId(bucket));
  const file = path.resolve(bucketDir, checkObjectKey(key));
  if (!file.startsWith(`${bucketDir}${path.sep}`)) throw new StorageError(400, 'InvalidKey', `Invalid key: "${key}"`);
  return file;
}

/** Splits `/<bucket>/<key…>` (already without the route prefix) into bucket and key. */
export function splitBucketPath(rest: string): { bucket: string; key: string } {
  const slash = rest.indexOf('/');
  if (slash <= 0) throw new StorageError(400, 'InvalidKey', 'The path needs a bucket and an object key: <bucket>/<key>');
  return { bucket: decodeBucketId(rest.slice(0, slash)), key: decodeObjectKey(rest.slice(slash + 1)) };
}
