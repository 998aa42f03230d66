/** The default object store against the local stack's Storage, exactly as the worker uses it (service-role key). */
import { randomUUID } from 'node:crypto';
import { startTestStack, type TestStack } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ObjectStoreError, objectStoreFromEnv } from './index.ts';

let t: TestStack;
beforeAll(async () => {
  t = await startTestStack();
});
afterAll(() => t?.stop());

test('put stores the bytes and returns a public URL that serves them; put again replaces; remove deletes', async () => {
  const store = objectStoreFromEnv({ SUPABASE_URL: t.url, SUPABASE_SERVICE_ROLE_KEY: t.serviceRoleKey });
  const path = `${randomUUID()}/job/page.png`;
  const first = Buffer.from([0x89, 0x50, 0x4e, 0x47, 1]);
  const stored = await store.put('screenshots', path, first, 'image/png');
  expect(stored).toEqual({ key: path, url: `${t.url}/storage/v1/object/public/screenshots/${path}` });
  expect(Buffer.from(await (await fetch(stored.url)).arrayBuffer()).equals(first)).toBe(true);

  const second = Buffer.from([0x89, 0x50, 0x4e, 0x47, 2]);
  await store.put('screenshots', path, second, 'image/png');
  expect(Buffer.from(await (await fetch(store.url('screenshots', path))).arrayBuffer()).equals(second)).toBe(true);

  await store.remove('screenshots', [stored.key]);
  expect((await fetch(stored.url)).status).toBe(404);
  await store.remove('screenshots', [stored.key]); // already gone: not an error
});

test('a refused upload is an ObjectStoreError naming the object, not worth retrying', async () => {
  const store = objectStoreFromEnv({ SUPABASE_URL: t.url, SUPABASE_SERVICE_ROLE_KEY: t.serviceRoleKey });
  const error = (await store
    .put('labels', 'ws/label.exe', Buffer.from('MZ'), 'application/x-msdownload')
    .catch((e: unknown) => e)) as ObjectStoreError;
  expect(error).toBeInstanceOf(ObjectStoreError);
  expect(error.message).toMatch(/Supabase Storage failed storing labels\/ws\/label\.exe: .*application\/x-msdownload.*\(HTTP 415\)/);
  expect(error.retryable).toBe(false);
});

test('a stack that is down is worth retrying', async () => {
  const store = objectStoreFromEnv({ SUPABASE_URL: 'http://127.0.0.1:9', SUPABASE_SERVICE_ROLE_KEY: t.serviceRoleKey });
  const error = (await store.put('labels', 'ws/l.png', Buffer.from('x'), 'image/png').catch((e: unknown) => e)) as ObjectStoreError;
  expect(error).toBeInstanceOf(ObjectStoreError);
  expect(error.retryable).toBe(true);
});
