/**
 * Reads a .zip (an .xlsx is one) by its central directory: any part can be opened in any order and
 * streamed inflated, so a spreadsheet's shared strings can be read before its sheet wherever the
 * writer put them — no temp files, nothing held but what is asked for.
 */

import { createReadStream } from 'node:fs';
import fs from 'node:fs/promises';
import { pipeline, Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const ZIP64_END_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;

/** A part may always unpack to this much… */
const INFLATE_FLOOR_BYTES = 64 * 1024 * 1024;
/** …and beyond it to this many times its packed size: spreadsheets pack 5–30×, zip bombs about 1000×. */
const INFLATE_MAX_RATIO = 200;

/** Most bytes a part may unpack to, whatever its header claims (headers of hostile files lie). */
export function inflateLimit(compressedSize: number): number {
  return Math.max(INFLATE_FLOOR_BYTES, compressedSize * INFLATE_MAX_RATIO);
}

function tooLarge(entry: ZipEntry, limit: number): Error {
  const mb = (n: number) => `${Math.round(n / 1e6)} MB`;
  return new Error(
    `the part ${entry.name} unpacks to more than ${mb(limit)} from ${Math.ceil(entry.compressedSize / 1024)} KB, which no spreadsheet does (a zip bomb?)`,
  );
}

/** Passes inflated bytes on until there are more than `limit`, then fails the stream. */
function limitBytes(entry: ZipEntry, limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > limit ? tooLarge(entry, limit) : null, chunk);
    },
  });
}

export class ZipArchive {
  private constructor(
    private readonly file: string,
    private readonly handle: fs.FileHandle,
    readonly entries: Map<string, ZipEntry>,
  ) {}

  static async open(file: string): Promise<ZipArchive> {
    const handle = await fs.open(file, 'r');
    try {
      return new ZipArchive(file, handle, await readCentralDirectory(handle));
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  /** The entry's content, inflated, as a stream of UTF-8 text. */
  async textStream(name: string): Promise<Readable> {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`the part ${name} is missing`);
    if (entry.flags & 1) throw new Error(`the part ${name} is encrypted`);
    if (entry.method !== STORED && entry.method !== DEFLATED) throw new Error(`the part ${name} uses compression method ${entry.method}`);
    const header = await readAt(this.handle, entry.localHeaderOffset, 30);
    if (header.readUInt32LE(0) !== LOCAL_HEADER) throw new Error(`the part ${name} has no local header`);
    const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    const limit = inflateLimit(entry.compressedSize);
    if (entry.size > limit) throw tooLarge(entry, limit);
    if (entry.compressedSize === 0) return Readable.from([]);
    // 64 KiB pieces: V8 turns much larger buffers into strings several times slower (measured)
    const raw = createReadStream(this.file, { start, end: start + entry.compressedSize - 1, highWaterMark: 64 * 1024 });
    // pipeline passes a read error on to the inflater (the consumer sees it) and closes the file when either ends early
    const stream =
      entry.method === STORED ? raw : pipeline(raw, zlib.createInflateRaw({ chunkSize: 64 * 1024 }), limitBytes(entry, limit), () => {});
    stream.setEncoding('utf8');
    return stream;
  }

  /** A small entry's whole content as text. */
  async text(name: string): Promise<string> {
    let text = '';
    for await (const chunk of await this.textStream(name)) text += chunk;
    return text;
  }
}

async function readAt(handle: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  if (bytesRead < length) throw new Error('the file is cut short');
  return buffer;
}

async function readCentralDirectory(handle: fs.FileHandle): Promise<Map<string, ZipEntry>> {
  const { size } = await handle.stat();
  // The end record sits in the last 22 bytes plus a comment of up to 64 KiB.
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await readAt(handle, size - tailLength, tailLength);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--)
    if (tail.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      end = i;
      break;
    }
  if (end < 0) throw new Error('it is not a complete zip file');
  let count = tail.readUInt16LE(end + 10);
  let directorySize = tail.readUInt32LE(end + 12);
  let directoryOffset = tail.readUInt32LE(end + 16);
  if ((count === 0xffff || directoryOffset === 0xffffffff) && end >= 20 && tail.readUInt32LE(end - 20) === ZIP64_END_LOCATOR) {
    const record = await readAt(handle, Number(tail.readBigUInt64LE(end - 20 + 8)), 56);
    if (record.readUInt32LE(0) !== ZIP64_END) throw new Error('its zip64 directory is damaged');
    count = Number(record.readBigUInt64LE(32));
    directorySize = Number(record.readBigUInt64LE(40));
    directoryOffset = Number(record.readBigUInt64LE(48));
  }
  if (directoryOffset + directorySize > size) throw new Error('its zip directory points past the end of the file');
  const directory = await readAt(handle, directoryOffset, directorySize);
  const entries = new Map<string, ZipEntry>();
  let at = 0;
  for (let n = 0; n < count; n++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_HEADER) throw new Error('its zip directory is damaged');
    const flags = directory.readUInt16LE(at + 8);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const name = directory.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
    const entry: ZipEntry = {
      name,
      method: directory.readUInt16LE(at + 10),
      flags,
      compressedSize: directory.readUInt32LE(at + 20),
      size: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
    };
    readZip64Extra(entry, directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    entries.set(name.replace(/\\/g, '/').replace(/^\//, ''), entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Sizes and offsets too large for 32 bits are in the zip64 extra field, in this order. */
function readZip64Extra(entry: ZipEntry, extra: Buffer): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const next = () => {
        const value = Number(extra.readBigUInt64LE(field));
        field += 8;
        return value;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      return;
    }
    at += 4 + length;
  }
}
