/**
 * A streaming multipart/form-data reader for uploads (storage-js sends Blob and File bodies as
 * FormData: the file under field name "" plus text fields like cacheControl and metadata). The file
 * part goes to a sink chunk by chunk as it arrives, so memory stays at one network chunk whatever
 * the file's size; text fields are small and kept.
 */
import { StorageError } from './storage-error.ts';

export interface MultipartFile {
  field: string;
  filename: string;
  contentType: string;
}

export interface MultipartResult {
  fields: Map<string, string>;
  /** Whether a file part was found and sent to the sink. */
  file: boolean;
}

const MAX_HEADER_BYTES = 16 * 1024;
const MAX_FIELD_BYTES = 64 * 1024;
const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

const malformed = (why: string) => new StorageError(400, 'InvalidRequest', `The multipart upload is malformed: ${why}`);

export function multipartBoundary(contentType: string): string {
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  const boundary = match?.[1] ?? match?.[2];
  if (!boundary || boundary.length > 200) throw malformed('the content-type has no boundary');
  return boundary;
}

/**
 * Reads the body; the first file part (one with a filename, or named "" or "file") is written
 * through `onFileChunk`, after `onFile` has been told its name and type.
 */
export async function readMultipart(
  body: AsyncIterable<Buffer>,
  contentType: string,
  onFile: (file: MultipartFile) => void,
  onFileChunk: (chunk: Buffer) => Promise<void>,
): Promise<MultipartResult> {
  // Every boundary but the first follows a CRLF; starting with one makes the first match the same way.
  const delimiter = Buffer.from(`\r\n--${multipartBoundary(contentType)}`);
  const fields = new Map<string, string>();
  let sawFile = false;
  // Widened: the closures below move it on, which TypeScript's narrowing can't see.
  let state = 'preamble' as 'preamble' | 'boundary' | 'headers' | 'body' | 'done';
  let part: { kind: 'file' } | { kind: 'field'; name: string; chunks: Buffer[]; size: number } | { kind: 'skip' } = { kind: 'skip' };
  let buffer: Buffer = CRLF;

  const emit = async (data: Buffer) => {
    if (data.length === 0) return;
    if (part.kind === 'file') await onFileChunk(data);
    else if (part.kind === 'field') {
      part.size += data.length;
      if (part.size > MAX_FIELD_BYTES) throw malformed(`field "${part.name}" is over ${MAX_FIELD_BYTES} bytes`);
      part.chunks.push(data);
    }
  };

  const startPart = (headerText: string) => {
    const headers = new Map<string, string>();
    for (const line of headerText.split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
    }
    const disposition = headers.get('content-disposition') ?? '';
    const param = (key: string) => {
      const found =
        new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"`, 'i').exec(disposition) ??
        new RegExp(`;\\s*${key}=([^;]*)`, 'i').exec(disposition);
      return found?.[1]?.replace(/\\(.)/g, '$1');
    };
    const name = param('name');
    if (name === undefined) throw malformed('a part has no content-disposition name');
    const filename = param('filename');
    if (!sawFile && (filename !== undefined || name === '' || name === 'file')) {
      sawFile = true;
      part = { kind: 'file' };
      onFile({ field: name, filename: filename ?? '', contentType: headers.get('content-type') || 'application/octet-stream' });
    } else if (filename !== undefined) part = { kind: 'skip' };
    else part = { kind: 'field', name, chunks: [], size: 0 };
  };

  const endPart = () => {
    if (part.kind === 'field') fields.set(part.name, Buffer.concat(part.chunks).toString('utf8'));
    part = { kind: 'skip' };
  };

  /** Consumes what `buffer` holds; returns when it needs more bytes. */
  const advance = async () => {
    for (;;) {
      if (state === 'preamble' || state === 'body') {
        const at = buffer.indexOf(delimiter);
        if (at === -1) {
          // Keep a tail that could be the start of a delimiter split across chunks.
          const safe = buffer.length - (delimiter.length - 1);
          if (safe > 0) {
            if (state === 'body') await emit(buffer.subarray(0, safe));
            buffer = buffer.subarray(safe);
          }
          return;
        }
        if (state === 'body') {
          await emit(buffer.subarray(0, at));
          endPart();
        }
        buffer = buffer.subarray(at + delimiter.length);
        state = 'boundary';
      } else if (state === 'boundary') {
        if (buffer.length < 2) return;
        if (buffer[0] === 0x2d && buffer[1] === 0x2d) {
          state = 'done';
          return;
        }
        // Transport padding (spaces, tabs) may follow a boundary before its CRLF.
        const eol = buffer.indexOf(CRLF);
        if (eol === -1) {
          if (buffer.length > 1024) throw malformed('no line break after a boundary');
          return;
        }
        buffer = buffer.subarray(eol + 2);
        state = 'headers';
      } else if (state === 'headers') {
        const end = buffer.indexOf(HEADER_END);
        if (end === -1) {
          if (buffer.length > MAX_HEADER_BYTES) throw malformed(`part headers over ${MAX_HEADER_BYTES} bytes`);
          return;
        }
        startPart(buffer.subarray(0, end).toString('utf8'));
        buffer = buffer.subarray(end + HEADER_END.length);
        state = 'body';
      } else return;
    }
  };

  for await (const chunk of body) {
    if (state === 'done') continue; // the epilogue is ignored
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    await advance();
  }
  if (state !== 'done') throw malformed('the body ended before the closing boundary');
  return { fields, file: sawFile };
}
