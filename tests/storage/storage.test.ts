/** Local Storage through supabase-js: buckets, upload and download, public and signed URLs, list, move/copy, remove, limits. */
import fs from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import { startTestStack, type TestStack } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';

let t: TestStack;
let service: SupabaseClient;
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

beforeAll(async () => {
  t = await startTestStack({ config: (c) => ({ ...c, storage: { fileSizeLimitBytes: 5 * 1024 * 1024 } }) });
  service = t.client(t.serviceRoleKey);
  expect((await service.storage.createBucket('docs', { public: false, fileSizeLimit: 1024 * 1024 })).error).toBeNull();
  expect((await service.storage.createBucket('pics', { public: true, allowedMimeTypes: ['image/*'] })).error).toBeNull();
});
afterAll(() => t?.stop());

test('buckets: create, get, list, update; a duplicate is refused', async () => {
  const { data } = await service.storage.getBucket('docs');
  expect(data).toMatchObject({ id: 'docs', public: false, file_size_limit: 1024 * 1024 });
  const { data: list } = await service.storage.listBuckets();
  expect(list?.map((b) => b.id)).toEqual(expect.arrayContaining(['docs', 'pics', 'screenshots', 'labels']));
  const again = await service.storage.createBucket('docs');
  expect(again.error?.message).toMatch(/already exists/);
  expect((await service.storage.updateBucket('pics', { public: true, allowedMimeTypes: ['image/png', 'image/jpeg'] })).error).toBeNull();
  expect((await service.storage.getBucket('pics')).data?.allowed_mime_types).toEqual(['image/png', 'image/jpeg']);
});

test('upload a Buffer and a Blob; download gives the same bytes and type; duplicate needs upsert', async () => {
  const up = await service.storage.from('docs').upload('a/report.txt', Buffer.from('hello storage'), { contentType: 'text/plain' });
  expect(up.error).toBeNull();
  expect(up.data).toMatchObject({ path: 'a/report.txt', fullPath: 'docs/a/report.txt' });
  const blob = await service.storage.from('pics').upload('shot.png', new Blob([png], { type: 'image/png' }));
  expect(blob.error).toBeNull();

  const text = await service.storage.from('docs').download('a/report.txt');
  expect(await text.data?.text()).toBe('hello storage');
  expect(text.data?.type).toMatch(/^text\/plain/);
  const image = await service.storage.from('pics').download('shot.png');
  expect(Buffer.from(await (image.data as Blob).arrayBuffer()).equals(png)).toBe(true);

  const dup = await service.storage.from('docs').upload('a/report.txt', Buffer.from('again'), { contentType: 'text/plain' });
  expect(dup.error?.message).toMatch(/already exists/);
  // The body hosted Storage answers with, which storage-js puts on the error.
  expect(dup.error).toMatchObject({ status: 409, statusCode: '409', code: 'KeyAlreadyExists' });
  const upsert = await service.storage
    .from('docs')
    .upload('a/report.txt', Buffer.from('replaced'), { contentType: 'text/plain', upsert: true });
  expect(upsert.error).toBeNull();
  expect(await (await service.storage.from('docs').download('a/report.txt')).data?.text()).toBe('replaced');
  const update = await service.storage.from('docs').update('a/report.txt', Buffer.from('updated'), { contentType: 'text/plain' });
  expect(update.error).toBeNull();
  expect(await (await service.storage.from('docs').download('a/report.txt')).data?.text()).toBe('updated');
  const info = await service.storage.from('docs').info('a/report.txt');
  expect(info.data).toMatchObject({ name: 'a/report.txt', size: 7 });
});

test('the metadata and cache-control given at upload are kept, for raw and multipart bodies', async () => {
  const raw = await service.storage
    .from('docs')
    .upload('meta/raw.txt', Buffer.from('raw'), { contentType: 'text/plain', cacheControl: '60', metadata: { job: 'j1' } });
  expect(raw.error).toBeNull();
  const form = await service.storage
    .from('pics')
    .upload('meta/form.png', new Blob([png], { type: 'image/png' }), { cacheControl: '120', metadata: { job: 'j2', page: 3 } });
  expect(form.error).toBeNull();
  expect((await service.storage.from('docs').info('meta/raw.txt')).data).toMatchObject({
    metadata: { job: 'j1' },
    cacheControl: 'max-age=60',
    contentType: 'text/plain',
  });
  expect((await service.storage.from('pics').info('meta/form.png')).data).toMatchObject({
    metadata: { job: 'j2', page: 3 },
    size: png.length,
  });
  const served = await fetch(service.storage.from('pics').getPublicUrl('meta/form.png').data.publicUrl);
  expect(served.headers.get('cache-control')).toBe('max-age=120');
  const [row] = await t.db.sql<{ metadata: Record<string, unknown> }[]>`
    select metadata from storage.objects where bucket_id = 'pics' and name = 'meta/form.png'`;
  expect(row?.metadata).toMatchObject({ size: png.length, mimetype: 'image/png', contentLength: png.length, httpStatusCode: 200 });
  expect(row?.metadata.eTag).toMatch(/^"[0-9a-f]{32}"$/);
});

test('public bucket objects are served without a key; private ones are not', async () => {
  const { data } = service.storage.from('pics').getPublicUrl('shot.png');
  const response = await fetch(data.publicUrl);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
  const hidden = await fetch(service.storage.from('docs').getPublicUrl('a/report.txt').data.publicUrl);
  expect(hidden.status).toBe(400);
  expect(await hidden.json()).toEqual({ statusCode: '404', code: 'NoSuchBucket', error: 'Bucket not found', message: 'Bucket not found' });
});

test('signed URLs work until they expire, and only for their object', async () => {
  const { data, error } = await service.storage.from('docs').createSignedUrl('a/report.txt', 1);
  expect(error).toBeNull();
  const ok = await fetch(data?.signedUrl ?? '');
  expect(ok.status).toBe(200);
  expect(await ok.text()).toBe('updated');
  const other = (data?.signedUrl ?? '').replace('a/report.txt', 'a/other.txt');
  expect((await fetch(other)).status).toBe(400);
  await new Promise((r) => setTimeout(r, 2100));
  const late = await fetch(data?.signedUrl ?? '');
  expect(late.status).toBe(400);
  expect(await late.text()).toMatch(/expired/);

  const many = await service.storage.from('docs').createSignedUrls(['a/report.txt', 'nope.txt'], 60);
  expect(many.data?.map((d) => Boolean(d.signedUrl))).toEqual([true, false]);
});

test('a signed upload URL lets anyone holding it upload that one path, once unless it allows upsert', async () => {
  const { data, error } = await service.storage.from('docs').createSignedUploadUrl('inbox/scan.txt');
  expect(error).toBeNull();
  const anon = t.client(t.anonKey).storage.from('docs');
  const up = await anon.uploadToSignedUrl('inbox/scan.txt', data?.token ?? '', Buffer.from('scanned'), { contentType: 'text/plain' });
  expect(up.error).toBeNull();
  expect(up.data).toMatchObject({ path: 'inbox/scan.txt', fullPath: 'docs/inbox/scan.txt' });
  expect(await (await service.storage.from('docs').download('inbox/scan.txt')).data?.text()).toBe('scanned');
  const again = await anon.uploadToSignedUrl('inbox/scan.txt', data?.token ?? '', Buffer.from('twice'), { contentType: 'text/plain' });
  expect(again.error).toMatchObject({ statusCode: '409' });
  const elsewhere = await anon.uploadToSignedUrl('inbox/other.txt', data?.token ?? '', Buffer.from('x'), { contentType: 'text/plain' });
  expect(elsewhere.error).toMatchObject({ status: 400 });

  const replace = await service.storage.from('docs').createSignedUploadUrl('inbox/scan.txt', { upsert: true });
  const blob = new Blob(['rescanned'], { type: 'text/plain' });
  expect((await anon.uploadToSignedUrl('inbox/scan.txt', replace.data?.token ?? '', blob)).error).toBeNull();
  expect(await (await service.storage.from('docs').download('inbox/scan.txt')).data?.text()).toBe('rescanned');

  // A download token is not an upload token, nor the other way round.
  const download = await service.storage.from('docs').createSignedUrl('inbox/scan.txt', 60);
  const downloadToken = new URL(download.data?.signedUrl ?? '').searchParams.get('token') ?? '';
  expect((await anon.uploadToSignedUrl('inbox/scan.txt', downloadToken, Buffer.from('no'))).error).toMatchObject({ status: 400 });
  const uploadAsDownload = `${t.url}/storage/v1/object/sign/docs/inbox/scan.txt?token=${replace.data?.token}`;
  expect((await fetch(uploadAsDownload)).status).toBe(400);
});

test('list shows one folder level: folders (id null) and files; move, copy and remove', async () => {
  for (const name of ['list/one.txt', 'list/two.txt', 'list/sub/three.txt'])
    await service.storage.from('docs').upload(name, Buffer.from(name), { contentType: 'text/plain' });
  const { data } = await service.storage.from('docs').list('list');
  expect(data?.map((e) => [e.name, e.id === null])).toEqual([
    ['one.txt', false],
    ['sub', true],
    ['two.txt', false],
  ]);
  // As hosted: search matches the start of a name, case-insensitively.
  expect((await service.storage.from('docs').list('list', { search: 'TW' })).data?.map((e) => e.name)).toEqual(['two.txt']);
  expect((await service.storage.from('docs').list('list', { search: 'wo' })).data).toEqual([]);
  expect((await service.storage.from('docs').list('list', { limit: 1, offset: 1 })).data?.map((e) => e.name)).toEqual(['sub']);
  const byTime = await service.storage.from('docs').list('list', { sortBy: { column: 'created_at', order: 'desc' } });
  expect(byTime.data?.map((e) => e.name)).toEqual(['sub', 'two.txt', 'one.txt']);

  expect((await service.storage.from('docs').move('list/one.txt', 'list/moved.txt')).error).toBeNull();
  expect((await service.storage.from('docs').copy('list/two.txt', 'copies/two.txt')).error).toBeNull();
  expect(await (await service.storage.from('docs').download('list/moved.txt')).data?.text()).toBe('list/one.txt');
  expect(await (await service.storage.from('docs').download('copies/two.txt')).data?.text()).toBe('list/two.txt');
  expect((await service.storage.from('docs').download('list/one.txt')).error).not.toBeNull();

  const removed = await service.storage.from('docs').remove(['list/moved.txt', 'copies/two.txt']);
  expect(removed.data?.map((o) => o.name).sort()).toEqual(['copies/two.txt', 'list/moved.txt']);
  expect((await service.storage.from('docs').download('copies/two.txt')).error?.message).toMatch(/not found/i);
});

test('a missing or wrong key is refused with 401', async () => {
  const noKey = await fetch(`${t.url}/storage/v1/bucket`);
  expect(noKey.status).toBe(401);
  const forged = t.client(`${t.anonKey.slice(0, -3)}abc`);
  const { error } = await forged.storage.from('docs').download('a/report.txt');
  expect((error as { status?: number } | null)?.status).toBe(401);
});

test('path traversal is refused, plain and URL-encoded', async () => {
  const statuses: number[] = [];
  for (const p of ['docs/../keys.json', 'docs/a/%2e%2e/%2e%2e/keys.json', 'docs/a%2f..%2f..%2fkeys.json', 'docs/a\\..\\b', 'docs//x'])
    statuses.push(await rawRequest('POST', `/storage/v1/object/${p}`, 'x'));
  expect(statuses).toEqual([400, 400, 400, 400, 400]);
  const get = await rawRequest('GET', '/storage/v1/object/public/pics/%2e%2e/docs/a/report.txt');
  expect(get).toBe(400);
});

test('over the size limit is 413; a type the bucket does not take is refused', async () => {
  const big = await service.storage
    .from('docs')
    .upload('big.bin', Buffer.alloc(1024 * 1024 + 1), { contentType: 'application/octet-stream' });
  expect((big.error as { status?: number } | null)?.status).toBe(413);
  const overGlobal = await service.storage
    .from('pics')
    .upload('huge.png', Buffer.alloc(5 * 1024 * 1024 + 10), { contentType: 'image/png' });
  expect((overGlobal.error as { status?: number } | null)?.status).toBe(413);
  const bigBlob = await service.storage.from('docs').upload('big-blob.bin', new Blob([Buffer.alloc(1024 * 1024 + 1)]));
  expect(bigBlob.error).toMatchObject({ status: 413, statusCode: '413', code: 'EntityTooLarge' });
  const wrongType = await service.storage.from('pics').upload('doc.pdf', Buffer.from('%PDF'), { contentType: 'application/pdf' });
  expect(wrongType.error).toMatchObject({ status: 415, statusCode: '415', code: 'InvalidMimeType' });
  expect(wrongType.error?.message).toMatch(/application\/pdf/);
  const wrongBlob = await service.storage.from('pics').upload('doc2.pdf', new Blob(['%PDF'], { type: 'application/pdf' }));
  expect(wrongBlob.error).toMatchObject({ status: 415 });
  expect((await service.storage.from('docs').list('')).data?.map((e) => e.name)).not.toContain('big.bin');
  // Nothing refused is left behind: no rows, no files, no temp files.
  const [{ n } = { n: -1 }] = await t.db.sql<{ n: number }[]>`
    select count(*)::int as n from storage.objects where name in ('big.bin', 'huge.png', 'big-blob.bin', 'doc.pdf', 'doc2.pdf')`;
  expect(n).toBe(0);
  expect(await fs.readdir(path.join(t.dataDir, 'storage', '.tmp'))).toEqual([]);
});

function rawRequest(method: string, path: string, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(t.url);
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        headers: { apikey: t.serviceRoleKey, authorization: `Bearer ${t.serviceRoleKey}` },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
