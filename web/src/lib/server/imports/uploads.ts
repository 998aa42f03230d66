/**
 * Uploaded spreadsheets, streamed to a private temp folder (never held in memory) and refused past
 * 50 MB; each remembers who uploaded it for which workspace, so only they can preview or import it.
 */
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const EXTENSIONS = ['.xlsx', '.csv'];

export class UploadError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface Upload {
  id: string;
  file: string;
  fileName: string;
  userId: string;
  workspaceId: string;
}

const root = () => process.env.TAGWRIGHT_UPLOAD_DIR ?? path.join(os.tmpdir(), 'tagwright-uploads');
const tooBig = (name: string) =>
  new UploadError(`${name} is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; split it into smaller files and upload each.`, 413);

/** A plain file name: no folders, no control characters. */
function safeName(name: string): string {
  const base = path
    .basename(name.replace(/\\/g, '/'))
    .replace(/\p{Cc}/gu, '')
    .trim();
  return base.slice(-120) || 'upload';
}

export async function saveUpload(
  body: ReadableStream<Uint8Array> | null,
  meta: { fileName: string; declaredSize: number | null; userId: string; workspaceId: string },
): Promise<Upload & { size: number }> {
  const fileName = safeName(meta.fileName);
  const extension = path.extname(fileName).toLowerCase();
  if (!EXTENSIONS.includes(extension))
    throw new UploadError(`${fileName} is not an .xlsx or .csv file; save it as .xlsx or CSV and upload that.`, 415);
  if (meta.declaredSize !== null && meta.declaredSize > MAX_UPLOAD_BYTES) throw tooBig(fileName);
  if (!body || meta.declaredSize === 0) throw new UploadError(`${fileName} is empty.`, 400);
  await sweepOldUploads();
  const id = randomUUID();
  const dir = path.join(root(), id);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  // the original name, so the import's messages name the user's file
  const file = path.join(dir, fileName);
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      done(size > MAX_UPLOAD_BYTES ? tooBig(fileName) : null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(body as WebReadableStream<Uint8Array>), limit, createWriteStream(file, { mode: 0o600 }));
    if (size === 0) throw new UploadError(`${fileName} is empty.`, 400);
  } catch (error) {
    await fs.rm(dir, { recursive: true, force: true });
    throw error instanceof UploadError
      ? error
      : new UploadError(`The upload of ${fileName} broke off (${(error as Error).message}); try again.`, 400);
  }
  const upload: Upload = { id, file, fileName, userId: meta.userId, workspaceId: meta.workspaceId };
  await fs.writeFile(path.join(dir, 'upload.json'), JSON.stringify(upload), { mode: 0o600 });
  return { ...upload, size };
}

/** The upload, if this user made it for this workspace. */
export async function findUpload(id: string, userId: string, workspaceId: string): Promise<Upload | undefined> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  try {
    const upload = JSON.parse(await fs.readFile(path.join(root(), id, 'upload.json'), 'utf8')) as Upload;
    return upload.userId === userId && upload.workspaceId === workspaceId ? upload : undefined;
  } catch {
    return undefined;
  }
}

export async function removeUpload(upload: Upload): Promise<void> {
  await fs.rm(path.dirname(upload.file), { recursive: true, force: true });
}

/** Uploads never imported are dropped after a day. */
async function sweepOldUploads(maxAgeMs = 24 * 3600_000): Promise<void> {
  const names = await fs.readdir(root()).catch(() => [] as string[]);
  for (const name of names) {
    const dir = path.join(root(), name);
    const stat = await fs.stat(dir).catch(() => undefined);
    if (stat && Date.now() - stat.mtimeMs > maxAgeMs) await fs.rm(dir, { recursive: true, force: true });
  }
}
