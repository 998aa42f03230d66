/** Storage API errors as hosted Supabase Storage answers them (`{statusCode, error, message}`), which storage-js turns into StorageApiError. */
import type http from 'node:http';
import { sendJson } from '../gateway/server.ts';

export class StorageError extends Error {
  override readonly name = 'StorageError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what = 'Object') => new StorageError(404, 'not_found', `${what} not found`);

export function sendStorageError(res: http.ServerResponse, error: StorageError): void {
  sendJson(res, error.status, { statusCode: String(error.status), error: error.code, message: error.message });
}

/** Postgres errors the caller caused (RLS, duplicates) as Storage reports them; anything else is rethrown. */
export function fromPostgres(error: unknown): StorageError {
  const code = (error as { code?: string }).code;
  if (code === '42501')
    return new StorageError(
      403,
      'Unauthorized',
      'new row violates row-level security policy: you may not write this object (check the storage policies)',
    );
  if (code === '23505') return new StorageError(409, 'Duplicate', 'The resource already exists');
  if (code === '23503') return new StorageError(404, 'Bucket not found', 'Bucket not found');
  throw error;
}
