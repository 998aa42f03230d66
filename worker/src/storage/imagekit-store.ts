/**
 * ObjectStore on ImageKit through the `imagekit` SDK, used when IMAGEKIT_* is set. Objects live
 * under /<folder>/<bucket>/<path>; the key kept for remove() is ImageKit's file id.
 */
import path from 'node:path';
import ImageKit from 'imagekit';
import { type Bucket, checkObjectPath, type ObjectStore, ObjectStoreError, type StoredObject } from './object-store.ts';

export interface ImageKitStoreOptions {
  publicKey: string;
  privateKey: string;
  urlEndpoint: string;
  /** Top folder in the media library (default "tagwright"). */
  folder?: string;
  /** Only to point uploads at a test server. */
  uploadEndpoint?: string;
}

interface ImageKitFailure {
  message?: string;
  help?: string;
  missingFileIds?: string[];
  $ResponseMetadata?: { statusCode?: number };
}

export function imageKitStore(options: ImageKitStoreOptions): ObjectStore {
  const kit = new ImageKit({
    publicKey: options.publicKey,
    privateKey: options.privateKey,
    urlEndpoint: options.urlEndpoint,
    ...(options.uploadEndpoint ? { uploadEndpoint: options.uploadEndpoint } : {}),
  });
  const root = (options.folder ?? 'tagwright').replace(/^\/+|\/+$/g, '');
  const fullPath = (bucket: Bucket, objectPath: string) => `/${root}/${bucket}/${checkObjectPath(objectPath)}`;
  return {
    url: (bucket, objectPath) => kit.url({ path: fullPath(bucket, objectPath) }),
    async put(bucket, objectPath, body, contentType): Promise<StoredObject> {
      const target = fullPath(bucket, objectPath);
      try {
        const uploaded = await kit.upload({
          file: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
          fileName: path.posix.basename(target),
          folder: path.posix.dirname(target),
          useUniqueFileName: false,
          overwriteFile: true,
          customMetadata: {},
          tags: [bucket, contentType.split(';')[0] ?? contentType],
        });
        return { key: uploaded.fileId, url: uploaded.url };
      } catch (error) {
        throw imageKitError(`storing ${target}`, error);
      }
    },
    keyFor: () => undefined,
    async remove(_bucket, keys) {
      let remaining = keys;
      while (remaining.length > 0) {
        try {
          await kit.bulkDeleteFiles(remaining);
          return;
        } catch (error) {
          // Files already gone are reported as missing: delete the others.
          const missing = (error as ImageKitFailure).missingFileIds;
          if (!missing?.length) throw imageKitError(`removing ${remaining.length} file(s)`, error);
          remaining = remaining.filter((key) => !missing.includes(key));
        }
      }
    },
  };
}

function imageKitError(what: string, error: unknown): ObjectStoreError {
  const failure = (error ?? {}) as ImageKitFailure;
  const status = failure.$ResponseMetadata?.statusCode ?? 0;
  const message = failure.message ?? (error instanceof Error ? error.message : String(error));
  const retryable = status === 0 || status === 429 || status >= 500;
  return new ObjectStoreError(
    `ImageKit failed ${what}: ${message}${status ? ` (HTTP ${status})` : ''}${failure.help ? ` — ${failure.help}` : ''}`,
    retryable,
  );
}
