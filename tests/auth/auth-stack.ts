/** Helpers for the Auth tests: a stack per file and supabase-js clients that keep their session in memory. */
import type { SupabaseClient } from '@supabase/supabase-js';
import type { TestStack } from '@tagwright/stack/testing';
import { decodeJwt } from 'jose';

let counter = 0;
/** A fresh address per call, so tests in one file never collide. */
export const newEmail = (label = 'user') => `${label}-${process.pid}-${++counter}@example.test`;

export const PASSWORD = 'correct horse battery';

/** An anon client (as a browser has), signed up as a new user; returns the client and its session. */
export async function signedUpClient(stack: TestStack, email = newEmail()) {
  const client: SupabaseClient = stack.client(stack.anonKey);
  const { data, error } = await client.auth.signUp({ email, password: PASSWORD });
  if (error || !data.session || !data.user) throw error ?? new Error('signUp returned no session');
  return { client, session: data.session, user: data.user, email };
}

export const claimsOf = (accessToken: string) => decodeJwt(accessToken);
