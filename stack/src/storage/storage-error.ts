/**
 * Storage API errors with hosted Supabase Storage's body (`{statusCode, code, error, message}`, codes
 * like NoSuchKey or EntityTooLarge), which storage-js turns into StorageApiError. Hosted answers most
 * of them with HTTP 400 and the real status only in `statusCode`; here the HTTP status is the real
 * one too, so code that reads `error.statusCode` behaves the same on both.
 */
import type http from 'node:http';
import { sendJson } from '../gateway/server.ts';

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly status: number,
    /** Hosted's ErrorCode, e.g. NoSuchKey, InvalidKey, EntityTooLarge. */
    readonly code: string,
    message: string,
    /** `error`: hosted's older error name where it keeps one ("not_found", "Duplicate"); `httpStatus`: where hosted's differs from `status`. */
    readonly extra: { error?: string; httpStatus?: number } = {},
  ) {
    super(message);
  }
}

export const objectNotFound = () => new StorageError(404, 'NoSuchKey', 'Object not found', { error: 'not_found' });
export const bucketNotFound = () => new StorageError(404, 'NoSuchBucket', 'Bucket not found', { error: 'Bucket not found' });
export const invalidRequest = (message: string) => new StorageError(400, 'InvalidRequest', message);

export function sendStorageError(res: http.ServerResponse, error: StorageError): void {
  const body = { statusCode: String(error.status), code: error.code, error: error.extra.error ?? error.code, message: error.message };
  sendJson(res, error.extra.httpStatus ?? error.status, body);
}

/** Postgres errors the caller caused (RLS, duplicates, a missing bucket) as Storage reports them; anything else is rethrown. */
export function fromPostgres(error: unknown, what: 'object' | 'bucket' = 'object'): StorageError {
  if (error instanceof StorageError) return error;
  const code = (error as { code?: string }).code;
  if (code === '42501')
    return new StorageError(403, 'AccessDenied', 'new row violates row-level security policy (check the storage policies)', {
      error: 'Unauthorized',
    });
  if (code === '23505')
    return new StorageError(409, what === 'bucket' ? 'BucketAlreadyExists' : 'KeyAlreadyExists', 'The resource already exists', {
      error: 'Duplicate',
    });
  if (code === '23503') return bucketNotFound();
  throw error;
}
