/**
 * A zip bomb shaped like an .xlsx: a workbook whose one sheet is `inflated` bytes of whitespace,
 * deflated to a few hundred KB, with the central directory claiming a harmless size (as hostile
 * files do), so only counting what actually inflates can stop it.
 */
import fs from 'node:fs/promises';
import zlib from 'node:zlib';

interface Part {
  name: string;
  method: 0 | 8;
  data: Buffer;
  /** The uncompressed size the headers claim. */
  claimed: number;
}

async function deflateWhitespace(bytes: number, head: string, tail: string): Promise<Buffer> {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => out.push(chunk));
  const ended = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  deflate.write(head);
  const spaces = Buffer.alloc(1024 * 1024, 0x20);
  for (let left = bytes; left > 0; left -= spaces.length)
    if (!deflate.write(left >= spaces.length ? spaces : spaces.subarray(0, left))) await new Promise((r) => deflate.once('drain', r));
  deflate.end(tail);
  await ended;
  return Buffer.concat(out);
}

function header(signature: number, size: number): Buffer {
  const b = Buffer.alloc(size);
  b.writeUInt32LE(signature, 0);
  return b;
}

/** Writes the bomb to `file`; returns its size in bytes. */
export async function writeZipBomb(file: string, inflated: number): Promise<number> {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const small = (name: string, text: string): Part => ({ name, method: 0, data: Buffer.from(text), claimed: Buffer.byteLength(text) });
  const sheet = await deflateWhitespace(inflated, `<worksheet ${ns}><sheetData>`, '</sheetData></worksheet>');
  const parts: Part[] = [
    small('_rels/.rels', `<Relationships><Relationship Id="r1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    small('xl/workbook.xml', `<workbook ${ns} xmlns:r="${rel}"><sheets><sheet name="Products" sheetId="1" r:id="r1"/></sheets></workbook>`),
    small(
      'xl/_rels/workbook.xml.rels',
      `<Relationships><Relationship Id="r1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    ),
    { name: 'xl/worksheets/sheet1.xml', method: 8, data: sheet, claimed: 4096 },
  ];
  const body: Buffer[] = [];
  const directory: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name);
    const local = header(0x04034b50, 30);
    local.writeUInt16LE(part.method, 8);
    local.writeUInt32LE(part.data.length, 18);
    local.writeUInt32LE(part.claimed, 22);
    local.writeUInt16LE(name.length, 26);
    const central = header(0x02014b50, 46);
    central.writeUInt16LE(part.method, 10);
    central.writeUInt32LE(part.data.length, 20);
    central.writeUInt32LE(part.claimed, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    body.push(local, name, part.data);
    directory.push(central, name);
    offset += local.length + name.length + part.data.length;
  }
  const directorySize = directory.reduce((n, b) => n + b.length, 0);
  const end = header(0x06054b50, 22);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directorySize, 12);
  end.writeUInt32LE(offset, 16);
  const bytes = Buffer.concat([...body, ...directory, end]);
  await fs.writeFile(file, bytes);
  return bytes.length;
}
