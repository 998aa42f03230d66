/**
 * Where the worker keeps screenshots and labels: one small interface with a Supabase Storage
 * implementation (local stack and hosted alike, the default) and an ImageKit one (when IMAGEKIT_*
 * is set). Pipeline stages get an ObjectStore passed in and never know which it is.
 */

export type Bucket = 'screenshots' | 'labels';

export interface StoredObject {
  /** What remove() takes: the object path (Supabase) or the file id (ImageKit). Kept in the row's path column. */
  key: string;
  /** A URL a browser can show it from. */
  url: string;
}

export interface ObjectStore {
  /** Stores `body` at `path` in `bucket`, replacing what was there. */
  put(bucket: Bucket, path: string, body: Uint8Array, contentType: string): Promise<StoredObject>;
  /** The public URL of the object at `path`. */
  url(bucket: Bucket, path: string): string;
  /** Removes objects by the keys put() returned; keys already gone are not an error. */
  remove(bucket: Bucket, keys: string[]): Promise<void>;
  /**
   * The key remove() takes for the object at `path`, when the store can tell without asking the
   * service (Supabase: the path itself); undefined when only put()'s answer has it (ImageKit's file ids).
   */
  keyFor(bucket: Bucket, path: string): string | undefined;
}

/** A storage call that failed: says which object and what the service answered. */
export class ObjectStoreError extends Error {
  override readonly name = 'ObjectStoreError';
  constructor(
    message: string,
    /** Worth retrying (network trouble, 5xx, rate limits) rather than a problem with the request. */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Object paths are relative, with no `..`, backslashes or control characters: both services would misread them. */
export function checkObjectPath(path: string): string {
  if (
    path === '' ||
    path.startsWith('/') ||
    path.split('/').some((part) => part === '' || part === '.' || part === '..') ||
    path.includes('\\') ||
    [...path].some((ch) => ch.charCodeAt(0) < 0x20)
  )
    throw new ObjectStoreError(`"${path}" is not a valid object path: use segments like <workspace>/<job>/<file>.png`, false);
  return path;
}
