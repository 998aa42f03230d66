/**
 * Forwards one gateway request to a function's Deno process and its answer back, both bodies
 * streamed (nothing buffered, so server-sent events reach the client as they are produced). Headers
 * go as sent, minus hop-by-hop ones; a client that goes away cancels the request to the function.
 */
import http from 'node:http';
import { pipeline } from 'node:stream';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** rawHeaders (name, value, name, value…) without hop-by-hop headers. */
function endToEnd(rawHeaders: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    if (!HOP_BY_HOP.has(name.toLowerCase())) kept.push(name, rawHeaders[i + 1] as string);
  }
  return kept;
}

/** Failed before the function answered (connection refused or reset): nothing was sent to the client yet. */
export class UpstreamError extends Error {
  override readonly name = 'UpstreamError';
}

export interface ProxyTarget {
  port: number;
  agent: http.Agent;
  /** Path and query as the function sees them, e.g. /jobs/123?x=1. */
  path: string;
  log: (line: string) => void;
}

/** Settles when the exchange is over (answered, failed or abandoned by the client). */
export function forwardRequest(req: http.IncomingMessage, res: http.ServerResponse, target: ProxyTarget): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const headers = endToEnd(req.rawHeaders);
    if (req.socket.remoteAddress) headers.push('x-forwarded-for', req.socket.remoteAddress);
    const upstream = http.request({
      host: '127.0.0.1',
      port: target.port,
      method: req.method,
      path: target.path,
      headers,
      agent: target.agent,
    });
    upstream.on('response', (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEnd(answer.rawHeaders));
      res.flushHeaders();
      // pipeline destroys the other side when one fails: a client gone cancels the function's request.
      pipeline(answer, res, (error) => {
        if (error && (error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE')
          target.log(`functions: answer to ${req.method} ${target.path} broke off: ${error.message}`);
        resolve();
      });
    });
    upstream.on('error', (error) => {
      if (res.headersSent) {
        res.destroy(error);
        resolve();
      } else reject(new UpstreamError(error.message));
    });
    req.on('error', (error) => upstream.destroy(error));
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  });
}
