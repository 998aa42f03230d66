/** Picks the worker's ObjectStore from the environment: ImageKit when IMAGEKIT_* is set, else Supabase Storage. */
import { ConfigError } from '@tagwright/shared';
import { imageKitStore } from './imagekit-store.ts';
import type { ObjectStore } from './object-store.ts';
import { supabaseStore } from './supabase-store.ts';

export { type Bucket, checkObjectPath, type ObjectStore, ObjectStoreError, type StoredObject } from './object-store.ts';
export { imageKitStore, supabaseStore };

const IMAGEKIT_REQUIRED = ['IMAGEKIT_PUBLIC_KEY', 'IMAGEKIT_PRIVATE_KEY', 'IMAGEKIT_URL_ENDPOINT'] as const;

export function objectStoreFromEnv(env: NodeJS.ProcessEnv = process.env): ObjectStore {
  const set = IMAGEKIT_REQUIRED.filter((name) => env[name]);
  if (set.length > 0) {
    const missing = IMAGEKIT_REQUIRED.filter((name) => !env[name]);
    if (missing.length > 0)
      throw new ConfigError(
        `${set.join(', ')} set but ${missing.join(', ')} not: set all three to store in ImageKit, or none for Supabase Storage.`,
      );
    return imageKitStore({
      publicKey: env.IMAGEKIT_PUBLIC_KEY ?? '',
      privateKey: env.IMAGEKIT_PRIVATE_KEY ?? '',
      urlEndpoint: env.IMAGEKIT_URL_ENDPOINT ?? '',
      folder: env.IMAGEKIT_FOLDER || undefined,
    });
  }
  const url = env.SUPABASE_URL;
  const serviceRoleKey = env.SUPABASE_SERVICE_ROLE_KEY;
  if (!url || !serviceRoleKey)
    throw new ConfigError(
      'SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY are needed to store screenshots and labels: `tagwright start` sets them for its worker; for hosted Supabase copy them from Project Settings -> API (or set IMAGEKIT_* to use ImageKit).',
    );
  return supabaseStore({ url, serviceRoleKey });
}
