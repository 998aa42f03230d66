/** Sends a file as the raw request body (streamed by the browser, no form encoding) with upload progress. */
import type { UploadResult } from './types.ts';

export function uploadFile(file: File, onProgress: (fraction: number) => void): Promise<UploadResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/imports/uploads');
    xhr.setRequestHeader('x-file-name', encodeURIComponent(file.name));
    xhr.setRequestHeader('content-type', 'application/octet-stream');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new Error('The upload broke off; check your connection and try again.'));
    xhr.onload = () => {
      let body: { error?: string } & Partial<UploadResult> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {}
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as UploadResult);
      else
        reject(
          new Error(
            body.error ??
              (xhr.status === 413 ? 'The file is larger than 50 MB; split it into smaller files.' : `Upload failed (HTTP ${xhr.status}).`),
          ),
        );
    };
    xhr.send(file);
  });
}

export const MAX_UPLOAD_MB = 50;
