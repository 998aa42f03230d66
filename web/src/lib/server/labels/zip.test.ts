import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { zipNames, zipStream } from './zip.ts';

async function collect(stream: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part);
  return Buffer.concat(parts);
}

test('unzip reads back every file, byte for byte, with UTF-8 names', async () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 255]);
  const big = Buffer.alloc(300_000, 7);
  const zip = await collect(
    zipStream([
      { name: 'OAT-1L.png', data: png, modified: new Date(2026, 10, 26, 10, 30, 4) },
      { name: 'Größe €.pdf', data: big },
      { name: 'empty.txt', data: new Uint8Array() },
    ]),
  );
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zip-test-'));
  try {
    await fs.writeFile(path.join(dir, 'out.zip'), zip);
    expect(execFileSync('unzip', ['-t', 'out.zip'], { cwd: dir }).toString()).toContain('No errors detected');
    execFileSync('unzip', ['-q', 'out.zip', '-d', 'x'], { cwd: dir });
    expect(await fs.readFile(path.join(dir, 'x', 'OAT-1L.png'))).toEqual(png);
    expect(await fs.readFile(path.join(dir, 'x', 'Größe €.pdf'))).toEqual(big);
    expect((await fs.readFile(path.join(dir, 'x', 'empty.txt'))).length).toBe(0);
    expect(execFileSync('unzip', ['-l', 'out.zip'], { cwd: dir }).toString()).toMatch(/2026-11-26 10:30|11-26-2026 10:30/);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});

test('an empty zip is still a valid zip', async () => {
  const zip = await collect(zipStream([]));
  expect(zip.length).toBe(22);
  expect(zip.readUInt32LE(0)).toBe(0x06054b50);
});

test('names stay unique and plain', () => {
  const name = zipNames();
  expect(name('A-1.png')).toBe('A-1.png');
  expect(name('a-1.png')).toBe('a-1 (2).png');
  expect(name('x/../y:z.pdf')).toBe('x_.._y_z.pdf');
});
