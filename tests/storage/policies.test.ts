/** The screenshots and labels buckets under their workspace policies, through supabase-js as real users. */
import { randomUUID } from 'node:crypto';
import { startTestStack, type TestStack } from '@tagwright/stack/testing';
import { afterAll, beforeAll, expect, test } from 'vitest';

let t: TestStack;
const users = { ownerA: randomUUID(), viewerA: randomUUID(), ownerB: randomUUID() };
const spaces = { a: '', b: '' };
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 9, 9]);

beforeAll(async () => {
  t = await startTestStack();
  const { sql } = t.db;
  for (const [name, id] of Object.entries(users))
    await sql`insert into auth.users (id, email, aud, role) values (${id}, ${`${name}@storage.test`}, 'authenticated', 'authenticated')`;
  for (const [key, owner] of [
    ['a', users.ownerA],
    ['b', users.ownerB],
  ] as const) {
    const [ws] = await sql<{ id: string }[]>`insert into workspaces (name, created_by) values (${`WS ${key}`}, ${owner}) returning id`;
    spaces[key] = ws?.id ?? '';
  }
  await sql`insert into workspace_members (workspace_id, user_id, role) values (${spaces.a}, ${users.viewerA}, 'viewer')`;
});
afterAll(() => t?.stop());

const as = async (user: string) => t.client(await t.userToken(user));

test("an owner uploads under their workspace's folder, not under another's", async () => {
  const a = await as(users.ownerA);
  const mine = await a.storage.from('screenshots').upload(`${spaces.a}/job-1/page.png`, png, { contentType: 'image/png' });
  expect(mine.error).toBeNull();
  const theirs = await a.storage.from('screenshots').upload(`${spaces.b}/job-1/page.png`, png, { contentType: 'image/png' });
  expect((theirs.error as { status?: number } | null)?.status).toBe(403);
  const nowhere = await a.storage.from('screenshots').upload('not-a-workspace/page.png', png, { contentType: 'image/png' });
  expect((nowhere.error as { status?: number } | null)?.status).toBe(403);
  // Nothing was written for the refused uploads.
  const [{ n } = { n: -1 }] = await t.db.sql<
    { n: number }[]
  >`select count(*)::int as n from storage.objects where bucket_id = 'screenshots'`;
  expect(n).toBe(1);
});

test('a viewer reads their workspace objects but cannot upload or remove; another workspace sees nothing', async () => {
  const viewer = await as(users.viewerA);
  const path = `${spaces.a}/job-1/page.png`;
  const read = await viewer.storage.from('screenshots').download(path);
  expect(Buffer.from(await (read.data as Blob).arrayBuffer()).equals(png)).toBe(true);
  const upload = await viewer.storage.from('screenshots').upload(`${spaces.a}/job-1/other.png`, png, { contentType: 'image/png' });
  expect((upload.error as { status?: number } | null)?.status).toBe(403);
  const removed = await viewer.storage.from('screenshots').remove([path]);
  expect(removed.data).toEqual([]);

  const b = await as(users.ownerB);
  expect((await b.storage.from('screenshots').download(path)).error?.message).toMatch(/not found/i);
  expect((await b.storage.from('screenshots').list(spaces.a)).data).toEqual([]);
  expect((await b.storage.from('screenshots').createSignedUrl(path, 60)).error).not.toBeNull();
  // The bucket is public: anyone with the URL can show the picture, as the dashboard does.
  expect((await fetch(b.storage.from('screenshots').getPublicUrl(path).data.publicUrl)).status).toBe(200);
});

test("signed upload URLs need the signer's right to upload there, and record the signer as owner", async () => {
  const viewer = await as(users.viewerA);
  const refused = await viewer.storage.from('screenshots').createSignedUploadUrl(`${spaces.a}/job-2/page.png`);
  expect(refused.error).toMatchObject({ status: 403, statusCode: '403' });
  const a = await as(users.ownerA);
  expect((await a.storage.from('screenshots').createSignedUploadUrl(`${spaces.b}/job-2/page.png`)).error).toMatchObject({ status: 403 });

  const signed = await a.storage.from('screenshots').createSignedUploadUrl(`${spaces.a}/job-2/page.png`);
  expect(signed.error).toBeNull();
  const anon = t.client(t.anonKey);
  const up = await anon.storage
    .from('screenshots')
    .uploadToSignedUrl(`${spaces.a}/job-2/page.png`, signed.data?.token ?? '', png, { contentType: 'image/png' });
  expect(up.error).toBeNull();
  const [row] = await t.db.sql<{ owner: string; owner_id: string }[]>`
    select owner, owner_id from storage.objects where bucket_id = 'screenshots' and name = ${`${spaces.a}/job-2/page.png`}`;
  expect(row).toEqual({ owner: users.ownerA, owner_id: users.ownerA });
});

test('the labels bucket refuses types it does not hold', async () => {
  const a = await as(users.ownerA);
  const exe = await a.storage
    .from('labels')
    .upload(`${spaces.a}/job-1/x.exe`, Buffer.from('MZ'), { contentType: 'application/x-msdownload' });
  expect((exe.error as { status?: number } | null)?.status).toBe(415);
  const pdf = await a.storage
    .from('labels')
    .upload(`${spaces.a}/job-1/label.pdf`, Buffer.from('%PDF-1.7'), { contentType: 'application/pdf' });
  expect(pdf.error).toBeNull();
});
