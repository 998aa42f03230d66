/**
 * Bad-input corpus, uploads and storage: an oversized import upload (declared or streamed) is refused
 * with 413 and what to do; an object over its bucket's file_size_limit gets 413 from the stack's
 * Storage API through supabase-js; object paths that try to leave the bucket (`..`, absolute,
 * %2e%2e) get 400 with the rule, and nothing is written outside the bucket's folder.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import { startTestStack, type TestStack } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { MAX_UPLOAD_BYTES, saveUpload, UploadError } from '../../web/src/lib/server/imports/uploads.ts';

let t: TestStack;
let service: SupabaseClient;
let uploads: string;
beforeAll(async () => {
  t = await startTestStack();
  service = t.client(t.serviceRoleKey);
  expect((await service.storage.createBucket('docs', { public: false, fileSizeLimit: 1024 })).error).toBeNull();
  uploads = await fs.mkdtemp(path.join(os.tmpdir(), 'tagwright-corpus-uploads-'));
  process.env.TAGWRIGHT_UPLOAD_DIR = uploads;
});
afterAll(async () => {
  await t?.stop();
  await fs.rm(uploads, { recursive: true, force: true });
});

const meta = (declaredSize: number | null) => ({ fileName: 'big.csv', declaredSize, userId: 'u1', workspaceId: 'w1' });

test('an import upload declared larger than the limit is refused with 413 before it is read', async () => {
  const error = await saveUpload(new Blob(['sku\n']).stream(), meta(MAX_UPLOAD_BYTES + 1)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(UploadError);
  expect(error).toMatchObject({ status: 413, message: 'big.csv is larger than 50 MB; split it into smaller files and upload each.' });
});

test('an import upload that streams past the limit (no size declared) is refused with 413 and not kept', { timeout: 30_000 }, async () => {
  const chunk = new Uint8Array(1024 * 1024).fill(0x41);
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent > MAX_UPLOAD_BYTES + chunk.length) return controller.close();
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
  const error = await saveUpload(body, meta(null)).catch((e: unknown) => e);
  expect(error).toMatchObject({ status: 413, message: expect.stringMatching(/larger than 50 MB/) });
  const left = await fs.readdir(uploads, { recursive: true, withFileTypes: true });
  expect(left.filter((e) => e.isFile())).toEqual([]);
});

test("an object over the bucket's file_size_limit gets 413 with the limit", async () => {
  const { error } = await service.storage
    .from('docs')
    .upload('big.bin', Buffer.alloc(4096, 1), { contentType: 'application/octet-stream' });
  expect(error).toMatchObject({ status: 413, statusCode: '413' });
  expect(error?.message).toMatch(/maximum allowed size of 1024 bytes/);
});

test('a key with ../ through supabase-js never leaves the bucket: 4xx with a message, nothing written', async () => {
  // the URL is normalised on the way, so the request lands outside the Storage API and is not served
  const { error } = await service.storage.from('docs').upload('../../keys.json', Buffer.from('x'), { contentType: 'text/plain' });
  expect(error).toMatchObject({ status: 404 });
  expect(error?.message).toMatch(/is not (served|a Storage endpoint)/);
  expect(JSON.parse(await fs.readFile(path.join(t.dataDir, 'keys.json'), 'utf8'))).toHaveProperty('jwtSecret');
});

const raw = (method: string, pathAfterObject: string) =>
  fetch(`${t.url}/storage/v1/object/${pathAfterObject}`, {
    method,
    headers: { apikey: t.serviceRoleKey, authorization: `Bearer ${t.serviceRoleKey}`, 'content-type': 'text/plain' },
    ...(method === 'GET' ? {} : { body: 'pwned' }),
  });

test.each([
  ['an absolute path', 'POST', 'docs//etc/passwd'],
  ['encoded dots (%2e%2e)', 'POST', 'docs/%2e%2e/%2e%2e/outside.txt'],
  ['an encoded slash and dots (..%2f)', 'GET', 'docs/..%2f..%2fkeys.json'],
  ['a backslash path', 'POST', 'docs/..%5c..%5coutside.txt'],
])('a key with %s is refused with a 4xx and a message; nothing is written outside', async (_what, method, target) => {
  const response = await raw(method, target);
  const body = (await response.json()) as { message: string; error: string };
  // refused by the key rules (400), or — where the client normalised the dots away — not served at all (404)
  expect([400, 404]).toContain(response.status);
  expect(body.message).toMatch(response.status === 400 ? /Invalid key/ : /is not (served|a Storage endpoint)/);
  const outside = await fs.readdir(t.dataDir, { recursive: true });
  expect(outside.filter((f) => String(f).endsWith('outside.txt') || String(f).endsWith('passwd'))).toEqual([]);
});
