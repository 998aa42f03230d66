/**
 * The ImageKit adapter against a local server that checks what the SDK sends (ImageKit itself can't
 * be reached from here): uploads at the upload endpoint; deletes, which the SDK always sends to
 * https://api.imagekit.io, through HTTPS_PROXY to the same handler behind a self-signed certificate.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { imageKitStore, ObjectStoreError, objectStoreFromEnv } from './index.ts';

interface Seen {
  host: string | undefined;
  method: string;
  url: string;
  auth: string | undefined;
  form?: Record<string, string>;
  file?: Buffer;
  json?: unknown;
}

const seen: Seen[] = [];
type Answer = { status: number; body: unknown };
/** Every reply while set; answerOnce only the next one. */
let answer: Answer | undefined;
let answerOnce: Answer | undefined;
let server: http.Server;
let tlsServer: https.Server;
let base = '';
const tunnels = new Set<net.Socket>();

async function handle(req: http.IncomingMessage, res: http.ServerResponse) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const entry: Seen = { host: req.headers.host, method: req.method ?? '', url: req.url ?? '', auth: req.headers.authorization };
  if (req.headers['content-type']?.startsWith('multipart/form-data')) {
    const form = await new Request('http://x', {
      method: 'POST',
      headers: { 'content-type': req.headers['content-type'] },
      body,
    }).formData();
    entry.form = {};
    for (const [name, value] of form) {
      if (typeof value === 'string') entry.form[name] = value;
      else entry.file = Buffer.from(await value.arrayBuffer());
    }
  } else if (body.length > 0) entry.json = JSON.parse(body.toString('utf8'));
  seen.push(entry);
  const once = answerOnce;
  answerOnce = undefined;
  const reply =
    once ?? answer ?? (entry.url.endsWith('/upload') ? uploaded(entry) : { status: 200, body: { successfullyDeletedFileIds: [] } });
  res.writeHead(reply.status, { 'content-type': 'application/json' }).end(JSON.stringify(reply.body));
}

beforeAll(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tagwright-ik-'));
  const [key, cert] = [path.join(dir, 'key.pem'), path.join(dir, 'cert.pem')];
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-subj', '/CN=api.imagekit.io', '-days', '1'],
    { stdio: 'ignore' },
  );
  tlsServer = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, handle);
  await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
  fs.rmSync(dir, { recursive: true, force: true });
  server = http.createServer(handle);
  // As a proxy: every CONNECT (to api.imagekit.io:443) is tunnelled to the TLS server above.
  server.on('connect', (_req, client: net.Socket) => {
    const upstream = net.connect((tlsServer.address() as AddressInfo).port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.pipe(client).pipe(upstream);
      for (const socket of [client, upstream]) {
        tunnels.add(socket);
        socket.on('close', () => tunnels.delete(socket));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.HTTPS_PROXY = base;
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // this test file's process only: the certificate is self-signed
});
afterAll(async () => {
  delete process.env.HTTPS_PROXY;
  delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
  for (const socket of tunnels) socket.destroy();
  server.closeAllConnections();
  tlsServer.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await new Promise((resolve) => tlsServer.close(resolve));
});

function uploaded(entry: Seen) {
  const filePath = `${entry.form?.folder}/${entry.form?.fileName}`;
  return {
    status: 200,
    body: { fileId: `file-${seen.length}`, name: entry.form?.fileName, filePath, url: `https://ik.imagekit.io/demo${filePath}` },
  };
}

const store = () =>
  imageKitStore({
    publicKey: 'public_test',
    privateKey: 'private_test',
    urlEndpoint: 'https://ik.imagekit.io/demo',
    uploadEndpoint: `${base}/api/v1/files/upload`,
  });

test('put uploads the bytes under /tagwright/<bucket>/<path>, overwriting, authenticated with the private key', async () => {
  seen.length = 0;
  answer = undefined;
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]);
  const stored = await store().put('screenshots', 'ws-1/job-2/page.png', png, 'image/png');
  expect(stored).toEqual({ key: 'file-1', url: 'https://ik.imagekit.io/demo/tagwright/screenshots/ws-1/job-2/page.png' });
  const [request] = seen;
  expect(request?.method).toBe('POST');
  expect(request?.auth).toBe(`Basic ${Buffer.from('private_test:').toString('base64')}`);
  expect(request?.form).toMatchObject({
    fileName: 'page.png',
    folder: '/tagwright/screenshots/ws-1/job-2',
    useUniqueFileName: 'false',
    overwriteFile: 'true',
  });
  expect(request?.file?.equals(png)).toBe(true);
});

test('url() points at the URL endpoint without a request', () => {
  seen.length = 0;
  expect(store().url('labels', 'ws-1/job-2/label-1.pdf')).toBe('https://ik.imagekit.io/demo/tagwright/labels/ws-1/job-2/label-1.pdf');
  expect(seen).toHaveLength(0);
});

test('remove deletes by file id in one batch; ids already gone are skipped, the rest still deleted', async () => {
  seen.length = 0;
  answer = undefined;
  await store().remove('screenshots', ['a', 'b']);
  expect(seen[0]).toMatchObject({
    host: 'api.imagekit.io',
    method: 'POST',
    url: '/v1/files/batch/deleteByFileIds',
    auth: `Basic ${Buffer.from('private_test:').toString('base64')}`,
    json: { fileIds: ['a', 'b'] },
  });

  seen.length = 0;
  answerOnce = { status: 404, body: { message: 'The requested file(s) does not exist.', missingFileIds: ['b'] } };
  await store().remove('screenshots', ['a', 'b']);
  expect(seen.map((s) => s.json)).toEqual([{ fileIds: ['a', 'b'] }, { fileIds: ['a'] }]);
});

test('failures say what failed; 5xx is worth retrying, 4xx is not', async () => {
  answer = { status: 503, body: { message: 'Service unavailable' } };
  const busy = await store()
    .put('labels', 'ws/label.png', Buffer.from('x'), 'image/png')
    .catch((e: unknown) => e);
  expect(busy).toBeInstanceOf(ObjectStoreError);
  expect((busy as ObjectStoreError).message).toMatch(
    /ImageKit failed storing \/tagwright\/labels\/ws\/label\.png: Service unavailable \(HTTP 503\)/,
  );
  expect((busy as ObjectStoreError).retryable).toBe(true);

  answer = { status: 400, body: { message: 'Your account cannot be authenticated.', help: 'Check the private key.' } };
  const refused = (await store()
    .put('labels', 'ws/label.png', Buffer.from('x'), 'image/png')
    .catch((e: unknown) => e)) as ObjectStoreError;
  expect(refused.retryable).toBe(false);
  expect(refused.message).toContain('Check the private key.');
  answer = undefined;
});

test('paths that would escape the folder are refused before any request', async () => {
  seen.length = 0;
  for (const bad of ['../x.png', 'a/../../b.png', '/abs.png', 'a\\b.png', 'a//b.png'])
    await expect(store().put('screenshots', bad, Buffer.from('x'), 'image/png')).rejects.toThrow(/not a valid object path/);
  expect(seen).toHaveLength(0);
});

test('configuration: all three IMAGEKIT_* pick ImageKit; some but not all is a clear error', () => {
  expect(() => objectStoreFromEnv({ IMAGEKIT_PUBLIC_KEY: 'p' })).toThrow(
    /IMAGEKIT_PUBLIC_KEY set but IMAGEKIT_PRIVATE_KEY, IMAGEKIT_URL_ENDPOINT not/,
  );
  expect(() => objectStoreFromEnv({})).toThrow(/SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY are needed/);
  const kit = objectStoreFromEnv({
    IMAGEKIT_PUBLIC_KEY: 'p',
    IMAGEKIT_PRIVATE_KEY: 'k',
    IMAGEKIT_URL_ENDPOINT: 'https://ik.imagekit.io/x',
    IMAGEKIT_FOLDER: 'shop',
  });
  expect(kit.url('labels', 'a.png')).toBe('https://ik.imagekit.io/x/shop/labels/a.png');
});
