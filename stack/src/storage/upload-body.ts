/**
 * Receives an upload's bytes into a temp file, counting them as they come and stopping at the size
 * limit (413 without reading the rest). Raw bodies (what storage-js sends for Buffers and streams)
 * and multipart bodies (Blob, File, FormData) both stream straight to disk.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import type http from 'node:http';
import path from 'node:path';
import { readMultipart } from './multipart.ts';
import { invalidRequest, StorageError } from './storage-error.ts';

export interface ReceivedFile {
  /** Temp file holding the bytes; the caller renames or removes it. */
  tempFile: string;
  size: number;
  eTag: string;
  contentType: string;
  cacheControl: string;
  /** The caller's own metadata (storage-js `metadata` option), kept in storage.objects.user_metadata. */
  userMetadata: Record<string, unknown> | null;
}

/** Room for a multipart body's part headers and text fields on top of the file itself. */
const MULTIPART_OVERHEAD = 256 * 1024;

const tooLarge = (limit: number) =>
  new StorageError(413, 'EntityTooLarge', `The object exceeded the maximum allowed size of ${limit} bytes`, { error: 'Payload too large' });

export function isMultipart(contentType: string | undefined): boolean {
  return (contentType ?? '').toLowerCase().startsWith('multipart/form-data');
}

/** The request body, refused as soon as it passes `limit` bytes (or says in content-length that it will). */
async function* limited(req: http.IncomingMessage, limit: number): AsyncGenerator<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > limit) throw tooLarge(limit);
    yield chunk as Buffer;
  }
}

function cacheControlOf(value: string | undefined): string {
  if (!value) return 'max-age=3600';
  return /^\d+$/.test(value) ? `max-age=${value}` : value;
}

function userMetadataOf(json: string | undefined): Record<string, unknown> | null {
  if (json === undefined || json === '') return null;
  try {
    const value = JSON.parse(json) as unknown;
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {}
  throw invalidRequest('metadata must be a JSON object');
}

/** `checkType` is called as soon as the content type is known (before the bytes, for both kinds of body) and throws to refuse it. */
export async function receiveUpload(
  req: http.IncomingMessage,
  tmpDir: string,
  limit: number,
  checkType: (contentType: string) => void,
): Promise<ReceivedFile> {
  await fs.mkdir(tmpDir, { recursive: true });
  const tempFile = path.join(tmpDir, randomUUID());
  const out = await fs.open(tempFile, 'wx');
  const hash = createHash('md5');
  let size = 0;
  const write = async (chunk: Buffer) => {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    hash.update(chunk);
    await out.write(chunk);
  };
  try {
    let contentType: string;
    let cacheControl: string | undefined;
    let metadata: string | undefined;
    const headerType = req.headers['content-type'];
    if (isMultipart(headerType)) {
      contentType = 'application/octet-stream';
      const form = await readMultipart(
        limited(req, limit + MULTIPART_OVERHEAD),
        headerType ?? '',
        (file) => {
          contentType = file.contentType;
          checkType(contentType);
        },
        write,
      );
      if (!form.file) throw invalidRequest('The multipart upload has no file part');
      cacheControl = form.fields.get('cacheControl');
      metadata = form.fields.get('metadata');
    } else {
      contentType = headerType || 'application/octet-stream';
      checkType(contentType);
      for await (const chunk of limited(req, limit)) await write(chunk);
      cacheControl = req.headers['cache-control'];
      const header = req.headers['x-metadata'];
      metadata = typeof header === 'string' ? Buffer.from(header, 'base64').toString('utf8') : undefined;
    }
    await out.close();
    return {
      tempFile,
      size,
      eTag: `"${hash.digest('hex')}"`,
      contentType,
      cacheControl: cacheControlOf(cacheControl),
      userMetadata: userMetadataOf(metadata),
    };
  } catch (error) {
    await out.close().catch(() => {});
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
