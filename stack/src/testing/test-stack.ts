/**
 * The whole local stack for a test file: a private migrated Postgres, the API gateway on a free
 * port with every service (Realtime optional), its keys in a temp folder, and supabase-js clients
 * pointed at it over `ws`.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { type ProjectConfig, readProjectConfig } from '../project-config.ts';
import { type RunningStack, startStack } from '../stack.ts';
import { testPostgres } from './index.ts';
import type { TestPostgres } from './test-postgres.ts';

export interface TestStack {
  db: TestPostgres;
  stack: RunningStack;
  /** The stack's folder (keys, storage objects, …). */
  dataDir: string;
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  /** A supabase-js client with this key (anon, service role, or a user's access token). */
  client(key: string): SupabaseClient;
  /** A user access token signed with the stack's secret, as Supabase Auth would issue it. */
  userToken(userId: string, options?: { expiresInS?: number; email?: string }): Promise<string>;
  stop(): Promise<void>;
}

export async function startTestStack(
  options: {
    realtime?: boolean;
    config?: (config: ProjectConfig) => ProjectConfig;
    /** The stack's log lines (its services' and edge functions' output); dropped when not given. */
    onLog?: (line: string) => void;
  } = {},
): Promise<TestStack> {
  const db = await testPostgres();
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-stack-'));
  const base = readProjectConfig();
  const stack = await startStack({
    dataDir,
    databaseUrl: db.url,
    apiPort: 0,
    realtime: options.realtime ?? false,
    config: options.config ? options.config(base) : base,
    onLog: options.onLog ?? (() => {}),
  }).catch(async (error) => {
    await db.stop();
    throw error;
  });
  const clients: SupabaseClient[] = [];
  return {
    db,
    stack,
    dataDir,
    url: stack.env.SUPABASE_URL,
    anonKey: stack.env.SUPABASE_ANON_KEY,
    serviceRoleKey: stack.env.SUPABASE_SERVICE_ROLE_KEY,
    client(key) {
      const client = createClient(stack.env.SUPABASE_URL, key, {
        auth: { persistSession: false, autoRefreshToken: false },
        realtime: { transport: WebSocket as never },
      });
      clients.push(client);
      return client;
    },
    async userToken(userId, { expiresInS = 3600, email } = {}) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ role: 'authenticated', aud: 'authenticated', sub: userId, ...(email ? { email } : {}) })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt(now)
        .setExpirationTime(now + expiresInS)
        .sign(new TextEncoder().encode(stack.env.SUPABASE_JWT_SECRET));
    },
    async stop() {
      for (const client of clients) await client.removeAllChannels();
      await stack.stop();
      await db.stop();
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
