/**
 * The browser's Supabase client (one per page load): shares the session cookies with the server
 * (@supabase/ssr), so Realtime subscriptions carry the signed-in user's JWT and RLS decides what
 * changes reach this tab — against the local stack and hosted Supabase alike.
 */
import { createBrowserClient } from '@supabase/ssr';
import type { SupabaseClient } from '@supabase/supabase-js';

let client: SupabaseClient | undefined;

export function browserSupabase(config: { url: string; anonKey: string }): SupabaseClient {
  client ??= createBrowserClient(config.url, config.anonKey);
  return client;
}
