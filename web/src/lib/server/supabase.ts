/**
 * Supabase for the dashboard's server: the project's URL and anon key (the local stack's, or a
 * hosted project's — same code), and a per-request client that keeps the session in cookies
 * (@supabase/ssr), so the browser and the server share one sign-in.
 */
import { createServerClient } from '@supabase/ssr';
import type { RequestEvent } from '@sveltejs/kit';
import WebSocket from 'ws';
import { env } from '$env/dynamic/private';

export function supabaseConfig(): { url: string; anonKey: string } {
  const url = env.SUPABASE_URL;
  const anonKey = env.SUPABASE_ANON_KEY;
  if (!url || !anonKey)
    throw new Error('SUPABASE_URL and SUPABASE_ANON_KEY are not set: start the app with `npm start`, or set them for a hosted project.');
  return { url, anonKey };
}

export function serverSupabase(event: RequestEvent) {
  const { url, anonKey } = supabaseConfig();
  return createServerClient(url, anonKey, {
    // Node 20 has no global WebSocket; the server never subscribes, but supabase-js wants a transport
    realtime: { transport: WebSocket as never },
    cookies: {
      getAll: () => event.cookies.getAll(),
      setAll: (cookies) => {
        for (const { name, value, options } of cookies) event.cookies.set(name, value, { ...options, path: '/' });
      },
    },
  });
}
