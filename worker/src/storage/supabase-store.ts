/** ObjectStore on Supabase Storage through supabase-js with the service-role key: the local stack's and hosted Supabase's. */
import type { SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { type Bucket, checkObjectPath, type ObjectStore, ObjectStoreError, type StoredObject } from './object-store.ts';

export interface SupabaseStoreOptions {
  url: string;
  serviceRoleKey: string;
}

export function supabaseStore(options: SupabaseStoreOptions): ObjectStore {
  // Loaded on first use: supabase-js warns about Node 20 when imported, which every CLI command would print.
  let client: Promise<SupabaseClient> | undefined;
  const storage = async () => {
    client ??= import('@supabase/supabase-js').then(({ createClient }) =>
      createClient(options.url, options.serviceRoleKey, {
        auth: { persistSession: false, autoRefreshToken: false },
        // Never used for storage; given so supabase-js also constructs on Node 20, which has no global WebSocket.
        realtime: { transport: WebSocket as never },
      }),
    );
    return (await client).storage;
  };
  // The same URL storage-js' getPublicUrl gives.
  const url = (bucket: Bucket, path: string) => encodeURI(`${options.url.replace(/\/+$/, '')}/storage/v1/object/public/${bucket}/${path}`);
  return {
    url,
    async put(bucket, path, body, contentType): Promise<StoredObject> {
      checkObjectPath(path);
      const { error } = await (await storage()).from(bucket).upload(path, body, { contentType, upsert: true });
      if (error) throw storageError(`storing ${bucket}/${path}`, error);
      return { key: path, url: url(bucket, path) };
    },
    keyFor: (_bucket, path) => path,
    async remove(bucket, keys) {
      if (keys.length === 0) return;
      const { error } = await (await storage()).from(bucket).remove(keys);
      if (error) throw storageError(`removing ${keys.length} object(s) from ${bucket}`, error);
    },
  };
}

function storageError(what: string, error: Error & { statusCode?: string | number; status?: number }): ObjectStoreError {
  const status = Number(error.statusCode ?? error.status ?? 0);
  const retryable = status === 0 || status === 429 || status >= 500;
  return new ObjectStoreError(`Supabase Storage failed ${what}: ${error.message}${status ? ` (HTTP ${status})` : ''}`, retryable);
}
