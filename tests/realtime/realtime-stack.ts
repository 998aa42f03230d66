/** A realtime server on a private Postgres for tests, and supabase-js clients talking to it over `ws`. */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createClient, type RealtimeChannel, type SupabaseClient } from '@supabase/supabase-js';
import { connect } from '@tagwright/shared';
import { loadOrCreateKeys, type StackKeys, startGateway } from '@tagwright/stack';
import { type TestPostgres, testPostgres } from '@tagwright/stack/testing';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { type Realtime, startRealtime } from '../../stack/src/realtime/server.ts';

export interface RealtimeStack {
  db: TestPostgres;
  url: string;
  keys: StackKeys;
  realtime: Realtime;
  client(key: string, options?: { vsn?: string }): SupabaseClient;
  userToken(userId: string, expiresInS?: number): Promise<string>;
  stop(): Promise<void>;
}

export async function startRealtimeStack(options: { idleTimeoutMs?: number; maxBufferedBytes?: number } = {}): Promise<RealtimeStack> {
  const db = await testPostgres();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-rt-'));
  const keys = await loadOrCreateKeys(dir);
  const gateway = await startGateway(0);
  const pool = connect(db.url, { max: 8 });
  const realtime = await startRealtime({ gateway, sql: pool, databaseUrl: db.url, jwtSecret: keys.jwtSecret, log: () => {}, ...options });
  const clients: SupabaseClient[] = [];
  return {
    db,
    url: gateway.url,
    keys,
    realtime,
    client(key, options = {}) {
      const client = createClient(gateway.url, key, {
        auth: { persistSession: false, autoRefreshToken: false },
        realtime: { transport: WebSocket as never, ...(options.vsn ? { vsn: options.vsn } : {}) },
      });
      clients.push(client);
      return client;
    },
    async userToken(userId, expiresInS = 3600) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ role: 'authenticated', aud: 'authenticated', sub: userId })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setIssuedAt(now)
        .setExpirationTime(now + expiresInS)
        .sign(new TextEncoder().encode(keys.jwtSecret));
    },
    async stop() {
      for (const c of clients) await c.removeAllChannels();
      await realtime.stop();
      await gateway.stop();
      await pool.end();
      await db.stop();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

/** Subscribes and resolves once SUBSCRIBED (or rejects with the channel error). */
export function subscribed(channel: RealtimeChannel): Promise<RealtimeChannel> {
  return new Promise((resolve, reject) => {
    channel.subscribe((status, error) => {
      if (status === 'SUBSCRIBED') resolve(channel);
      else if (status === 'CHANNEL_ERROR' || status === 'TIMED_OUT') reject(error ?? new Error(status));
    });
  });
}
