/**
 * The stack's one HTTP server (port 54321 by default), standing in for Supabase's API gateway.
 * Services mount under their Supabase prefixes (/realtime/v1, /storage/v1, /auth/v1, /functions/v1);
 * anything not served answers 404 with a JSON body that says so.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { StackError } from '../errors.ts';

export type Handler = (req: http.IncomingMessage, res: http.ServerResponse) => void | Promise<void>;
export type UpgradeHandler = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => void | Promise<void>;

export interface Gateway {
  url: string;
  port: number;
  server: http.Server;
  /** Serves requests whose path starts with `prefix` (e.g. '/storage/v1'). */
  mount(prefix: string, handler: Handler): void;
  /** Takes WebSocket upgrades for exactly this path (e.g. '/realtime/v1/websocket'). */
  upgrade(path: string, handler: UpgradeHandler): void;
  stop(): Promise<void>;
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function allowBrowsers(res: http.ServerResponse): void {
  res.setHeader('access-control-allow-origin', '*');
  res.setHeader(
    'access-control-allow-headers',
    'authorization, apikey, content-type, x-client-info, x-supabase-api-version, x-upsert, cache-control, x-metadata',
  );
  res.setHeader('access-control-allow-methods', 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
  res.setHeader(
    'access-control-expose-headers',
    'content-length, content-range, etag, x-total-count, link, x-supabase-api-version, x-sb-error-code',
  );
}

export async function startGateway(port: number, host = '127.0.0.1'): Promise<Gateway> {
  const mounts: [string, Handler][] = [];
  const upgrades = new Map<string, UpgradeHandler>();
  const server = http.createServer(async (req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://local').pathname;
    try {
      // The dashboard (another origin) calls the APIs from the browser, as it would call hosted Supabase.
      // Edge functions answer CORS themselves, as on Supabase.
      if (!pathname.startsWith('/functions/v1/')) {
        allowBrowsers(res);
        if (req.method === 'OPTIONS') return void res.writeHead(204).end();
      }
      if (pathname === '/health') return sendJson(res, 200, { ok: true });
      const mounted = mounts.find(([prefix]) => pathname === prefix || pathname.startsWith(`${prefix}/`));
      if (mounted) return await mounted[1](req, res);
      sendJson(res, 404, { error: 'not_found', message: `${pathname} is not served by the local Tagwright stack.` });
    } catch (error) {
      console.error(`gateway: ${req.method} ${pathname} failed:`, error);
      if (!res.headersSent) sendJson(res, 500, { error: 'internal', message: (error as Error).message });
      else res.destroy();
    }
  });
  // Longer than clients keep idle sockets, so a reused connection is never closed under a request in flight.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('upgrade', (req, socket, head) => {
    const pathname = new URL(req.url ?? '/', 'http://local').pathname;
    const handler = upgrades.get(pathname);
    if (!handler) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    Promise.resolve(handler(req, socket, head)).catch((error) => {
      console.error(`gateway: upgrade ${pathname} failed:`, error);
      socket.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new StackError(
              `Port ${port} is already in use, so the API server cannot listen on it; stop what uses it or pass --api-port with another port.`,
            )
          : error,
      ),
    );
    server.listen(port, host, resolve);
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${actual}`,
    port: actual,
    server,
    mount: (prefix, handler) => {
      mounts.push([prefix, handler]);
    },
    upgrade: (path, handler) => {
      upgrades.set(path, handler);
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
