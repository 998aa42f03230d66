/**
 * The browser's Supabase client with the user's JWT on Realtime before anything subscribes.
 * Without this a channel can join before supabase-js has read the session from the cookies: the
 * join goes out without a token, the token arrives while the join is pending and is never pushed,
 * so RLS lets no change through. (Belongs in LiveRows; here until it is.)
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { browserSupabase } from '../supabase-browser.ts';

export async function signedInRealtime(config: { url: string; anonKey: string }): Promise<SupabaseClient> {
  const client = browserSupabase(config);
  const { data } = await client.auth.getSession();
  if (data.session) await client.realtime.setAuth(data.session.access_token);
  return client;
}
