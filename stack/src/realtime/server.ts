/**
 * Local Supabase Realtime (postgres_changes, broadcast and presence) at /realtime/v1/websocket on the stack's
 * gateway: one shared change stream, apikey checked on connect, one SocketSession per client.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Sql } from '@tagwright/shared';
import { WebSocketServer } from 'ws';
import type { Gateway } from '../gateway/server.ts';
import { AuthError, verifyToken } from '../jwt.ts';
import { ChangeSource } from './change-source.ts';
import { ProtocolError, parseVsn } from './phoenix.ts';
import { PresenceHub } from './presence.ts';
import { RlsChecker } from './rls-check.ts';
import { ChangeRouter } from './router.ts';
import { SocketSession } from './socket-session.ts';

export interface RealtimeOptions {
  gateway: Gateway;
  /** A pool for RLS checks. */
  sql: Sql;
  /** A role that may replicate (the local stack's superuser). */
  databaseUrl: string;
  jwtSecret: string;
  log?: (message: string, error?: unknown) => void;
  idleTimeoutMs?: number;
  maxBufferedBytes?: number;
}

export interface Realtime {
  router: ChangeRouter;
  source: ChangeSource;
  stop(): Promise<void>;
}

export const REALTIME_PATH = '/realtime/v1/websocket';

export async function startRealtime(options: RealtimeOptions): Promise<Realtime> {
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  const rls = new RlsChecker(options.sql);
  await rls.install();
  const router = new ChangeRouter(rls, (error) => log('realtime: dispatching a change failed', error));
  const sessions = new Set<SocketSession>();
  const source = new ChangeSource({ url: options.databaseUrl, onLog: (line) => log(`realtime: ${line}`) });
  source.on('change', (change) => router.push(change));
  source.on('restart', ({ reason }) => log(`realtime: change stream lost (${reason}); reconnecting`));
  // After a lost stream, changes may be missing: tell every subscribed channel so clients refetch.
  let wasLive = false;
  source.on('live', () => {
    if (wasLive) for (const s of sessions) s.notifyResync('the change stream was interrupted and has resumed');
    wasLive = true;
  });
  source.on('error', (error) => log('realtime: change stream stopped', error));
  await source.start();

  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  const deps = {
    router,
    jwtSecret: options.jwtSecret,
    sessions,
    presence: new PresenceHub(),
    log,
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    maxBufferedBytes: options.maxBufferedBytes ?? 16 * 1024 * 1024,
  };
  options.gateway.upgrade(REALTIME_PATH, async (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const apikey = url.searchParams.get('apikey') ?? headerValue(req.headers.apikey);
    try {
      if (!apikey) throw new AuthError('apikey is required (query parameter or header)');
      const claims = await verifyToken(apikey, options.jwtSecret);
      const vsn = parseVsn(url.searchParams.get('vsn'));
      wss.handleUpgrade(req, socket, head, (ws) => {
        new SocketSession(ws, vsn, claims, deps);
      });
    } catch (error) {
      const status =
        error instanceof AuthError ? '401 Unauthorized' : error instanceof ProtocolError ? '400 Bad Request' : '500 Internal Server Error';
      const body = JSON.stringify({ error: (error as Error).message });
      socket.end(
        `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    }
  });

  return {
    router,
    source,
    async stop() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await source.stop();
    },
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
