/** Local Storage through supabase-js: buckets, upload and download, public and signed URLs, list, move/copy, remove, limits. */
import http from 'node:http';
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

test('public bucket objects are served without a key; private ones are not', async () => {
  const { data } = service.storage.from('pics').getPublicUrl('shot.png');
  const response = await fetch(data.publicUrl);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toBe('image/png');
  expect(Buffer.from(await response.arrayBuffer()).equals(png)).toBe(true);
  const hidden = await fetch(service.storage.from('docs').getPublicUrl('a/report.txt').data.publicUrl);
  expect(hidden.status).toBe(400);
  expect(await hidden.text()).not.toContain('updated');
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

test('list shows one folder level: folders (id null) and files; move, copy and remove', async () => {
  for (const name of ['list/one.txt', 'list/two.txt', 'list/sub/three.txt'])
    await service.storage.from('docs').upload(name, Buffer.from(name), { contentType: 'text/plain' });
  const { data } = await service.storage.from('docs').list('list');
  expect(data?.map((e) => [e.name, e.id === null])).toEqual([
    ['one.txt', false],
    ['sub', true],
    ['two.txt', false],
  ]);
  expect((await service.storage.from('docs').list('list', { search: 'tw' })).data?.map((e) => e.name)).toEqual(['two.txt']);

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
  const wrongType = await service.storage.from('pics').upload('doc.pdf', Buffer.from('%PDF'), { contentType: 'application/pdf' });
  expect((wrongType.error as { status?: number } | null)?.status).toBe(415);
  expect(wrongType.error?.message).toMatch(/application\/pdf/);
  expect((await service.storage.from('docs').list('')).data?.map((e) => e.name)).not.toContain('big.bin');
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
