/**
 * Receives an upload's bytes into a temp file, counting them as they come and stopping at the size
 * limit (413 without reading the rest). Raw bodies (Buffers, streams) stream straight to disk;
 * multipart bodies (what storage-js sends for Blob and File) are parsed once under the same limit.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { StorageError } from './storage-error.ts';

export interface ReceivedFile {
  /** Temp file holding the bytes; the caller renames or removes it. */
  tempFile: string;
  size: number;
  eTag: string;
  contentType: string;
  cacheControl: string;
}

const tooLarge = (limit: number) =>
  new StorageError(413, 'Payload too large', `The object exceeded the maximum allowed size of ${limit} bytes`);

/** Reads the request body, refusing it as soon as it passes `limit` bytes. */
async function* limited(req: http.IncomingMessage, limit: number): AsyncGenerator<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit * 1.01 + 64 * 1024) throw tooLarge(limit);
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > limit + (isMultipart(req) ? 64 * 1024 : 0)) throw tooLarge(limit);
    yield chunk as Buffer;
  }
}

function isMultipart(req: http.IncomingMessage): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

function cacheControlOf(value: string | undefined): string {
  if (!value) return 'max-age=3600';
  return /^\d+$/.test(value) ? `max-age=${value}` : value;
}

export async function receiveUpload(req: http.IncomingMessage, tmpDir: string, limit: number): Promise<ReceivedFile> {
  await fs.mkdir(tmpDir, { recursive: true });
  const tempFile = path.join(tmpDir, randomUUID());
  const hash = createHash('md5');
  try {
    if (isMultipart(req)) {
      const chunks: Buffer[] = [];
      for await (const chunk of limited(req, limit)) chunks.push(chunk);
      const form = await new Request('http://local/upload', {
        method: 'POST',
        headers: { 'content-type': req.headers['content-type'] ?? '' },
        body: Buffer.concat(chunks),
      }).formData();
      const file = [...form.values()].find((value) => typeof value !== 'string') as Blob | undefined;
      if (!file) throw new StorageError(400, 'InvalidRequest', 'The multipart upload has no file part');
      if (file.size > limit) throw tooLarge(limit);
      const bytes = Buffer.from(await file.arrayBuffer());
      hash.update(bytes);
      await fs.writeFile(tempFile, bytes);
      const cacheControl = form.get('cacheControl');
      return {
        tempFile,
        size: bytes.length,
        eTag: `"${hash.digest('hex')}"`,
        contentType: file.type || 'application/octet-stream',
        cacheControl: cacheControlOf(typeof cacheControl === 'string' ? cacheControl : undefined),
      };
    }
    const out = await fs.open(tempFile, 'w');
    let size = 0;
    try {
      for await (const chunk of limited(req, limit)) {
        hash.update(chunk);
        size += chunk.length;
        await out.write(chunk);
      }
    } finally {
      await out.close();
    }
    return {
      tempFile,
      size,
      eTag: `"${hash.digest('hex')}"`,
      contentType: req.headers['content-type'] || 'application/octet-stream',
      cacheControl: cacheControlOf(req.headers['cache-control']),
    };
  } catch (error) {
    await fs.rm(tempFile, { force: true });
    throw error;
  }
}

/** True when `contentType` is allowed by the bucket's list (entries like image/png or image/*). */
export function mimeAllowed(contentType: string, allowed: string[] | null): boolean {
  if (!allowed || allowed.length === 0) return true;
  const type = (contentType.split(';')[0] ?? '').trim().toLowerCase();
  return allowed.some((entry) => {
    const rule = entry.trim().toLowerCase();
    return rule === type || (rule.endsWith('/*') && type.startsWith(rule.slice(0, -1)));
  });
}
