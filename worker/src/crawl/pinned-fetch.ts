/**
 * One HTTP(S) request sent from Node to the address the SSRF guard checked (DNS pinning through the
 * socket's `lookup`, so TLS still verifies the real hostname), no redirects followed, body decoded
 * (gzip, deflate, br) and counted against a byte budget as it streams — the download stops the
 * moment the budget is spent. Keep-alive agents are shared by the process.
 */
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import zlib from 'node:zlib';
import type { ResolvedAddress } from './ssrf-guard.ts';

export interface PinnedRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body?: Buffer | null;
  /** The checked address to connect to; null = normal DNS (allow-listed hosts). */
  pinned: ResolvedAddress | null;
  signal: AbortSignal;
  /** Deadline for the whole request, response body included. */
  timeoutMs: number;
  /** Called with each decoded chunk's size; throw from it to stop the download. */
  onBytes(bytes: number): void;
}

export interface PinnedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 8 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 8 }),
};

/** Headers the browser sends that must not be forwarded as they are. */
const DROP_REQUEST = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'accept-encoding',
  'te',
]);
/** Headers that no longer describe the decoded body we hand to Chromium. */
const DROP_RESPONSE = new Set(['content-encoding', 'content-length', 'transfer-encoding', 'connection', 'keep-alive']);

function pinnedLookup(pinned: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [pinned]);
    } else {
      callback(null, pinned.address, pinned.family);
    }
  };
}

function decoder(encoding: string | undefined): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return null;
  }
}

export function pinnedFetch(req: PinnedRequest): Promise<PinnedResponse> {
  return new Promise((resolve, reject) => {
    req.signal.throwIfAborted();
    const isHttps = req.url.protocol === 'https:';
    const headers: Record<string, string> = { 'accept-encoding': 'gzip, deflate, br' };
    for (const [name, value] of Object.entries(req.headers))
      if (!name.startsWith(':') && !DROP_REQUEST.has(name.toLowerCase())) headers[name] = value;
    const client = isHttps ? https : http;
    const request = client.request(req.url, {
      method: req.method,
      headers,
      agent: isHttps ? agents.https : agents.http,
      ...(req.pinned ? { lookup: pinnedLookup(req.pinned) } : {}),
      signal: req.signal,
    });
    // A whole-request deadline, not an idle timeout: a server dribbling bytes must not hold the page.
    const timer = setTimeout(() => {
      request.destroy(Object.assign(new Error(`${req.url.host} did not answer within ${req.timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    }, req.timeoutMs);
    request.on('close', () => clearTimeout(timer));
    request.on('error', reject);
    request.on('response', (response) => {
      const out: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value === undefined || DROP_RESPONSE.has(name)) continue;
        out[name] = Array.isArray(value) ? value.join('\n') : value;
      }
      const decode = decoder(response.headers['content-encoding']);
      const stream = decode ? response.pipe(decode) : response;
      if (decode) response.on('error', (e) => decode.destroy(e));
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        try {
          req.onBytes(chunk.length);
        } catch (error) {
          request.destroy();
          stream.destroy();
          reject(error);
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', reject);
      stream.on('end', () => {
        clearTimeout(timer);
        resolve({ status: response.statusCode ?? 502, headers: out, body: Buffer.concat(chunks) });
      });
    });
    request.end(req.body ?? undefined);
  });
}
