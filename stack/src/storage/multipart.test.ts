import { randomBytes } from 'node:crypto';
import { expect, test } from 'vitest';
import { type MultipartFile, readMultipart } from './multipart.ts';
import { StorageError } from './storage-error.ts';

/** A FormData body encoded the way fetch sends it. */
async function encode(form: FormData): Promise<{ bytes: Buffer; contentType: string }> {
  const request = new Request('http://local/', { method: 'POST', body: form });
  return { bytes: Buffer.from(await request.arrayBuffer()), contentType: request.headers.get('content-type') ?? '' };
}

async function* inPieces(bytes: Buffer, cuts: number[]): AsyncGenerator<Buffer> {
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    yield bytes.subarray(from, cut);
    from = cut;
  }
}

async function read(bytes: Buffer, contentType: string, cuts: number[]) {
  let file: MultipartFile | undefined;
  const chunks: Buffer[] = [];
  const result = await readMultipart(
    inPieces(bytes, cuts),
    contentType,
    (f) => {
      file = f;
    },
    async (chunk) => {
      chunks.push(Buffer.from(chunk));
    },
  );
  return { ...result, file, bytes: Buffer.concat(chunks) };
}

test('the file and the text fields come out whole, however the body is cut into chunks', async () => {
  // Bytes that look like the start of a delimiter, to catch matches split across chunks.
  const content = Buffer.concat([randomBytes(3000), Buffer.from('\r\n--\r\n-'), randomBytes(3000)]);
  const form = new FormData();
  form.append('cacheControl', '3600');
  form.append('metadata', '{"job":"j1"}');
  form.append('', new Blob([content], { type: 'image/png' }), 'shot.png');
  const { bytes, contentType } = await encode(form);

  const cutSets: number[][] = [[]];
  for (let at = 1; at < bytes.length; at += 97) cutSets.push([at]);
  for (let i = 0; i < 50; i++)
    cutSets.push(
      Array.from({ length: 20 }, () => Math.floor(Math.random() * bytes.length))
        .sort((a, b) => a - b)
        .filter((cut, j, all) => cut > 0 && cut !== all[j - 1]),
    );
  cutSets.push(Array.from({ length: bytes.length - 1 }, (_, i) => i + 1)); // byte by byte

  for (const cuts of cutSets) {
    const got = await read(bytes, contentType, cuts);
    expect(got.file).toEqual({ field: '', filename: 'shot.png', contentType: 'image/png' });
    expect(got.bytes.equals(content)).toBe(true);
    expect(Object.fromEntries(got.fields)).toEqual({ cacheControl: '3600', metadata: '{"job":"j1"}' });
  }
});

test('a part named "file" is the file; later files are skipped', async () => {
  const form = new FormData();
  form.append('file', new Blob(['first'], { type: 'text/plain' }), 'a.txt');
  form.append('other', new Blob(['second']), 'b.txt');
  const { bytes, contentType } = await encode(form);
  const got = await read(bytes, contentType, []);
  expect(got.file?.field).toBe('file');
  expect(got.bytes.toString()).toBe('first');
});

test('a body cut short or without a boundary is refused with 400', async () => {
  const form = new FormData();
  form.append('', new Blob(['hello']), 'x.bin');
  const { bytes, contentType } = await encode(form);
  const short = read(bytes.subarray(0, bytes.length - 10), contentType, []);
  await expect(short).rejects.toBeInstanceOf(StorageError);
  await expect(short).rejects.toMatchObject({ status: 400 });
  await expect(read(bytes, 'multipart/form-data', [])).rejects.toMatchObject({ status: 400 });
});
